using Kairos.Host.Text;

namespace Kairos.Host.Hosting;

/// <summary>
/// Settings of a Kairos host, bound from the <c>Kairos</c> configuration section (<c>kairos.json</c>,
/// <c>KAIROS_</c> environment variables such as <c>KAIROS_MaxConcurrency</c>, command-line options).
/// Every value is validated at start-up; an invalid one stops the host with a message naming the setting.
/// </summary>
public sealed class KairosOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Kairos";

    /// <summary>The default <see cref="DatabasePath"/>, relative to the working directory.</summary>
    internal static readonly string DefaultDatabasePath = Path.Combine("data", "kairos.db");

    /// <summary>The LiteDB store file. Default: <c>data/kairos.db</c> under the working directory.</summary>
    /// <remarks>With <see cref="Store"/> <c>postgres</c> no data is kept there: the file only anchors this host's control API for the CLI (<c>FILE.endpoint</c>, <c>FILE.lock</c>), so each host on one machine needs its own.</remarks>
    public string DatabasePath { get; set; } = DefaultDatabasePath;

    /// <summary>
    /// Create the folder of <see cref="DatabasePath"/> when it does not exist (<c>kairos run --create</c>). Without it a
    /// LiteDB store in a missing folder is refused, so that a mistyped path does not start the host on a new, empty
    /// store; the folder of the default path (<c>data/</c>) is created all the same. Default: false.
    /// </summary>
    public bool CreateStore { get; set; }

    /// <summary>
    /// Where jobs, triggers and run history are kept: <c>litedb</c> (one host, the file at <see cref="DatabasePath"/>) or
    /// <c>postgres</c> (one or more hosts sharing the PostgreSQL database at <see cref="ConnectionString"/>; each fire runs
    /// once in the whole cluster). Default: <c>litedb</c>.
    /// </summary>
    public string Store { get; set; } = "litedb";

    /// <summary>
    /// With <see cref="Store"/> <c>postgres</c>: the Npgsql connection string, such as
    /// <c>Host=db;Database=kairos;Username=kairos;Password=...</c>. Required then; ignored otherwise. Default: none.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Folder watched for plugins (created if missing); plugins run with the host's full trust. Empty disables plugins.
    /// Default: empty, so an application that embeds Kairos loads no code from its working directory unless it says so;
    /// the <c>kairos</c> executable sets <c>plugins</c> (under the working directory).
    /// </summary>
    public string PluginsPath { get; set; } = "";

    /// <summary>
    /// Folder watched for <c>.csx</c> script jobs; scripts run with the host's full trust. Empty disables scripts.
    /// Default: empty when embedding; the <c>kairos</c> executable sets <c>scripts</c> (under the working directory).
    /// </summary>
    public string ScriptsPath { get; set; } = "";

    /// <summary>
    /// Let scripts and plugins call APIs that end the host process (<c>Environment.Exit</c>, <c>Environment.FailFast</c>,
    /// <c>Process.Kill</c> of the current process, native <c>exit</c>/<c>abort</c>). Without it such a script does not
    /// compile (<c>KRS110</c>) and such a plugin is refused at load, since one call would end every job of the host and
    /// leave their runs unrecorded. Default: false.
    /// </summary>
    public bool AllowProcessExit { get; set; }

    /// <summary>This host's node id in run records. Default: the machine name and process id.</summary>
    public string? NodeId { get; set; }

    /// <summary>Most runs executing at once on this host. Default: 0, meaning twice the processor count.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>A fire later than this is a misfire and its trigger's misfire policy applies. Default: 60 seconds.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>With <see cref="MisfirePolicy.FireAll"/>: most missed fires run per trigger; the rest are recorded as misfired. Default: 100.</summary>
    public int MisfireFireAllCap { get; set; } = 100;

    /// <summary>
    /// How long before their instant fires are claimed, so that the claim is written by then and the runs start on
    /// time (a claim of hundreds of fires takes tens of milliseconds on a loaded machine). A pause or trigger change within
    /// that window applies from the next fire. Default: 250 milliseconds.
    /// </summary>
    public TimeSpan ClaimAhead { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the writer of run records gathers changes (starts and outcomes) before writing them in one
    /// transaction. When hundreds of runs start together their records are written after the starts, not between
    /// them, and in fewer transactions. A run's record reaches the store that much later; zero writes at once.
    /// On PostgreSQL, where a batch of runs starts in one transaction before they run, it is also the longest that runs
    /// waiting for a slot right after a start batch wait for the runs of that batch to return, so that they start in
    /// one fuller batch rather than one each (never when they would take every slot or every due run); zero starts
    /// them at once. Default: 5 milliseconds.
    /// </summary>
    public TimeSpan RecordBatchWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// With the LiteDB store: how long trigger changes made through the job trigger API (<see cref="IJobTriggers"/>) are
    /// gathered before they are written in one transaction. Such a call validates the change and returns; the change is
    /// written within this window, before any read of triggers or runs, and at a clean stop, so a crash of the process
    /// may lose the changes of the last window. Changes through <see cref="IScheduler"/>, the HTTP API and the CLI are
    /// written before they return, as are all changes on PostgreSQL. Zero writes every change before its call returns.
    /// Default: 5 milliseconds.
    /// </summary>
    public TimeSpan TriggerWriteWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long a run's lease lasts without renewal; a run whose lease expired is interrupted. Default: 30 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, how long running jobs may take to finish before they are cancelled. Default: 10 seconds.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On reload, how long runs of the old version may take to finish before they are cancelled. Default: 30 seconds.</summary>
    public TimeSpan DrainGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after cancellation a job that ignores its token is given before it is recorded as timed out. Default: 5 seconds.</summary>
    public TimeSpan CancellationGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many host deaths (a crash, a kill, a job that ends the process) in a row a job's runs may be in flight for
    /// before the job is paused, and one fire before it is no longer run again (at this count its run is recorded
    /// <c>interrupted</c> with the reason, whatever the job's recovery policy), so that a job that kills its host
    /// cannot crash-loop it, at each start or at each fire. Default: 2.
    /// </summary>
    public int HostDeathLimit { get; set; } = 2;

    /// <summary>Run records kept per job (newest first). Default: 1000. Jobs may set their own.</summary>
    public int RetentionCount { get; set; } = 1000;

    /// <summary>Run records older than this are deleted. Default: 30 days. Jobs may set their own.</summary>
    public TimeSpan RetentionAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Entries of the audit trail (every operator action: trigger, pause, cancel, retry, disable, ...) kept, newest
    /// first; older ones are deleted by the retention job. Default: 10,000.
    /// </summary>
    public int AuditRetentionCount { get; set; } = 10_000;

    /// <summary>Entries of the audit trail older than this are deleted by the retention job. Default: 90 days.</summary>
    public TimeSpan AuditRetentionAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the built-in retention job runs. Default: 1 hour.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Serve HTTP where the host has a web server of its own (Kairos.AspNetCore's <c>AddKairosHttpServer</c>, which the
    /// <c>kairos</c> executable adds): the API, the dashboard and the CLI's way into the running host. False switches it
    /// off, as an empty <c>Kairos:Http:Urls</c> does. An application that embeds Kairos without that server opens no
    /// port whatever this says. Default: true.
    /// </summary>
    public bool ControlApi { get; set; } = true;

    /// <summary>
    /// Named exclusion calendars that triggers refer to by name (<see cref="TriggerSpec.Calendars"/>), from
    /// <c>Kairos:Calendars:NAME</c> (<c>TimeZone</c>, <c>Dates</c>, <c>Weekly</c>) and from code; names are compared
    /// ignoring case. A bad date, window or time zone stops the host with a message quoting it. Default: none.
    /// </summary>
    public IDictionary<string, KairosCalendar> Calendars { get; } = new Dictionary<string, KairosCalendar>(StringComparer.OrdinalIgnoreCase);

    /// <summary><see cref="Store"/> read as a <see cref="Hosting.StoreKind"/> (any case, as always); null when it is neither word.</summary>
    internal StoreKind? StoreKind => KebabCase.TryParse<StoreKind>(Store, out var kind, ignoreCase: true) ? kind : null;

    internal bool UsesPostgres => StoreKind == Hosting.StoreKind.Postgres;

    internal int EffectiveMaxConcurrency => MaxConcurrency > 0 ? MaxConcurrency : 2 * Environment.ProcessorCount;

    internal string EffectiveNodeId => string.IsNullOrWhiteSpace(NodeId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : NodeId;
}
