namespace Kairos.Host.Operations;

/// <summary>A job's state as <c>kairos jobs</c> shows it, spelt in kebab case (<see cref="Text.KebabCase"/>).</summary>
internal enum JobState
{
    /// <summary>A loaded source declares it (in a cluster: some live host can run it).</summary>
    Active,

    /// <summary>Paused by an operator; its fires wait.</summary>
    Paused,

    /// <summary>Its source declares it but reports a problem (a script that does not compile, a plugin job refused).</summary>
    Broken,

    /// <summary>No loaded source declares it any more; its fires wait for a handler.</summary>
    Orphaned,

    /// <summary>Read from the store with no host running, so nothing is known about its source.</summary>
    Stopped,
}
