namespace Kairos.Host.Operations;

/// <summary>A part of the host that adds a section to <c>kairos info --json</c> (plugins, scripts, cluster nodes).</summary>
internal interface IInfoContributor
{
    /// <summary>The JSON property name of the section.</summary>
    string Section { get; }

    /// <summary>A JSON-serialisable snapshot of the section, taken now.</summary>
    object Snapshot();
}
