namespace Kairos;

/// <summary>A job's state as <c>kairos jobs</c> shows it, written in JSON as its kebab-case word.</summary>
public enum JobState
{
    /// <summary>A loaded source declares it (in a cluster: some live host can run it).</summary>
    Active,

    /// <summary>Paused by a person, by code or by auto-pause; its fires wait until it is resumed.</summary>
    Paused,

    /// <summary>Its source declares it but reports a problem (a script that does not compile, a plugin job refused).</summary>
    Broken,

    /// <summary>No loaded source declares it any more; its fires wait for a handler.</summary>
    Orphaned,

    /// <summary>Read from the store with no host running, so nothing is known about its source.</summary>
    Stopped,

    /// <summary>
    /// Switched off by configuration (<c>Kairos:Jobs:ID:Enabled</c>) or by a setting its declaration names as its start
    /// condition: it stays listed with its history, and no fire is made while it is.
    /// </summary>
    Disabled,
}
