using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts;

/// <summary>Log events of the script source: ids 300–399, stable once released.</summary>
internal static partial class ScriptLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Script jobs are disabled (Kairos:ScriptsPath is empty)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Script folder refused: {Reason}")]
    public static partial void FolderRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Compiled script {Path} version {Version} in {ElapsedMs:0} ms")]
    public static partial void Compiled(ILogger logger, string path, string version, double elapsedMs);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Loaded script {Path} version {Version} from the compile cache")]
    public static partial void CacheHit(ILogger logger, string path, string version);

    [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "Script {Path} does not compile; {Running}:\n{Diagnostics}")]
    public static partial void CompileFailed(ILogger logger, string path, string running, string diagnostics);

    [LoggerMessage(EventId = 305, Level = LogLevel.Error, Message = "Script {Path} has an invalid header; {Running}:\n{Diagnostics}")]
    public static partial void HeaderInvalid(ILogger logger, string path, string running, string diagnostics);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Script job {JobId} from {Source} is now version {Version} (was {OldVersion})")]
    public static partial void Published(ILogger logger, string jobId, string source, string version, string oldVersion);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Script {Source} was removed; job {JobId} is orphaned")]
    public static partial void Removed(ILogger logger, string source, string jobId);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "Version {Version} of script job {JobId} still has {InFlight} run(s) after the drain grace; cancelling them")]
    public static partial void DrainTimedOut(ILogger logger, string jobId, string version, int inFlight);

    [LoggerMessage(EventId = 309, Level = LogLevel.Debug, Message = "Version {Version} of script job {JobId} was unloaded and collected")]
    public static partial void Collected(ILogger logger, string jobId, string version);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Version {Version} of script job {JobId} was unloaded but is still in memory ({InFlight} run(s) in flight): something still references the script (a run ignoring cancellation, a static event, a timer)")]
    public static partial void Leaked(ILogger logger, string jobId, string version, int inFlight);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Script folder {Folder}: {Jobs} job(s), {Broken} broken, {Compiles} compiled, {CacheHits} from cache, in {ElapsedMs:0} ms")]
    public static partial void InitialScan(ILogger logger, string folder, int jobs, int broken, long compiles, long cacheHits, double elapsedMs);

    [LoggerMessage(EventId = 312, Level = LogLevel.Debug, Message = "Script compiler warmed up in {ElapsedMs:0} ms")]
    public static partial void WarmedUp(ILogger logger, double elapsedMs);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Cannot watch {Folder} for changes ({Reason}); polling it every {PollSeconds} s instead")]
    public static partial void WatcherFailed(ILogger logger, string folder, string reason, double pollSeconds);

    [LoggerMessage(EventId = 314, Level = LogLevel.Warning, Message = "The watcher of {Folder} lost events ({Reason}); rescanning")]
    public static partial void WatcherError(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 315, Level = LogLevel.Warning, Message = "Script compile cache: cannot {Operation} {Path}: {Reason}")]
    public static partial void CacheFailed(ILogger logger, string operation, string path, string reason);

    [LoggerMessage(EventId = 316, Level = LogLevel.Warning, Message = "Script compile cache entry for {Path} is damaged ({Reason}); compiling again")]
    public static partial void CacheEntryDamaged(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 317, Level = LogLevel.Debug, Message = "Cannot read script {Path} now ({Reason}); will retry")]
    public static partial void ReadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 318, Level = LogLevel.Error, Message = "Script {Source} was not published: {Problem}")]
    public static partial void Rejected(ILogger logger, string source, string problem);

    // Information: a script meant as a job whose header is misspelt ('// kairo: id = ...', '// job: ...') is named here.
    [LoggerMessage(EventId = 319, Level = LogLevel.Information,
        Message = "Script {Path} has no '// kairos:' header; it is a library for #load, not a job (a job script starts with a line '// kairos: id = JOB-ID')")]
    public static partial void Library(ILogger logger, string path);

    [LoggerMessage(EventId = 320, Level = LogLevel.Error, Message = "Scanning the script folder {Folder} failed")]
    public static partial void ScanFailed(ILogger logger, Exception exception, string folder);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Script folder {Folder} did not exist; created it")]
    public static partial void FolderCreated(ILogger logger, string folder);

    [LoggerMessage(EventId = 322, Level = LogLevel.Error, Message = "Script {Path} refused: {Reason}")]
    public static partial void FileRefused(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 324, Level = LogLevel.Debug, Message = "Warming the script compiler up failed ({Reason}); the first compile pays the cold start")]
    public static partial void WarmUpFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 323, Level = LogLevel.Information, Message = "Script {Path} is healthy again (version {Version})")]
    public static partial void Recovered(ILogger logger, string path, string version);
}
