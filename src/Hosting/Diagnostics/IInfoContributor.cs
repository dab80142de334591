using Kairos.Host.Catalog;

namespace Kairos.Host.Diagnostics;

/// <summary>A part of the host that adds a section to <c>kairos info --json</c> (plugins, scripts, cluster nodes).</summary>
internal interface IInfoContributor
{
    /// <summary>The JSON property name of the section.</summary>
    string Section { get; }

    /// <summary>A JSON-serialisable snapshot of the section, taken now.</summary>
    object Snapshot();

    /// <summary>
    /// What is wrong in this part that does not stop a job from running, such as a plugin version that was unloaded but
    /// not collected. Listed in <c>info</c>'s problems, and under the job a problem names in <c>jobs</c>, whose state it
    /// leaves as it is (unlike the catalog's problems, which make a job <c>broken</c>). None by default.
    /// </summary>
    IReadOnlyList<SourceProblem> Problems() => [];
}
