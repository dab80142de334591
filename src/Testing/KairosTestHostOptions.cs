using Kairos.Host.Hosting;

namespace Kairos.Testing;

/// <summary>What a <see cref="KairosTestHost"/> runs: plugins, scripts and app jobs, and where its clock starts.</summary>
public sealed class KairosTestHostOptions
{
    /// <summary>
    /// Folders of single plugins (for example a plugin project's build output, <c>bin/Debug/net10.0</c>), each copied into
    /// the host's own temporary plugins folder as <c>NAME/</c>, where NAME is the plugin's main assembly named by its one
    /// <c>*.deps.json</c> (else the folder's name). Default: none.
    /// </summary>
    public IList<string> Plugins { get; } = [];

    /// <summary>A plugins folder laid out as the host reads one (one <c>NAME/</c> folder per plugin), used as it is. Default: none.</summary>
    public string? PluginsPath { get; set; }

    /// <summary>A scripts folder of <c>.csx</c> jobs, used as it is. Default: none.</summary>
    public string? ScriptsPath { get; set; }

    /// <summary>Registers app jobs, as an embedding app does: <c>jobs =&gt; jobs.AddJob&lt;MyJob&gt;()</c>. Default: none.</summary>
    public Action<IKairosBuilder>? Jobs { get; set; }

    /// <summary>
    /// Configuration the host reads, for example <c>Kairos:Plugins:Reports:DataFolder</c> (a plugin's settings) or
    /// <c>Kairos:Jobs:ID:...</c> overrides. Default: empty.
    /// </summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Changes the host's options after the test host has set its own (store file, folders, node id). Default: none.</summary>
    public Action<KairosOptions>? Configure { get; set; }

    /// <summary>The instant (UTC) the host's <see cref="KairosTestHost.Clock"/> starts at. Default: 2026-01-05 10:00:00 UTC (a Monday).</summary>
    public DateTimeOffset Start { get; set; } = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The largest step <see cref="KairosTestHost.AdvanceAsync"/> moves the clock by while a run is executing (its own
    /// timers, timeouts and retries fire within a step of their instant). While nothing runs, it jumps to the next due
    /// fire. Default: 1 second.
    /// </summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long (real time) a wait for the scheduler may take before it fails with a <see cref="TimeoutException"/>. Default: 30 seconds.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
