namespace Kairos.Host.Storage.Postgres;

/// <summary>A host of the cluster as <c>kairos info --json</c> shows it, spelt in kebab case (<see cref="Text.KebabCase"/>).</summary>
internal enum NodeState
{
    /// <summary>Its heartbeat is recent.</summary>
    Alive,

    /// <summary>Its heartbeat stopped without a clean stop (killed or lost).</summary>
    Dead,

    /// <summary>It stopped cleanly.</summary>
    Stopped,
}
