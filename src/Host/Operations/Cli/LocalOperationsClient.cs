using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage.LiteDb;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations.Cli;

/// <summary>Opens the store file itself (holding its lock, so no host can start meanwhile) when no host runs on it.</summary>
internal sealed class LocalOperationsClient : IOperationsClient
{
    private readonly LiteDbStore _store;
    private readonly KairosOperations _operations;

    public LocalOperationsClient(string databasePath)
    {
        _store = new LiteDbStore(databasePath);
        var options = Options.Create(new KairosOptions { DatabasePath = databasePath });
        _operations = new KairosOperations(_store, _store, _store, new JobCatalog(), new SchedulerSignal(), TimeProvider.System, options, [], hostRunning: false);
    }

    public Task<string> JobsAsync(CancellationToken cancellationToken) => Json(_operations.Jobs());

    public Task<string> HistoryAsync(string? jobId, string? status, int limit, CancellationToken cancellationToken) =>
        Json(_operations.History(jobId, status, limit));

    public Task<string> InfoAsync(CancellationToken cancellationToken) => Json(_operations.Info());

    public Task<string> TriggerAsync(string jobId, CancellationToken cancellationToken) => Json(new { runId = _operations.Trigger(jobId) });

    public Task<string> PauseAsync(string jobId, string? reason, CancellationToken cancellationToken)
    {
        _operations.Pause(jobId, reason);
        return Json(new { ok = true });
    }

    public Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken)
    {
        _operations.Resume(jobId);
        return Json(new { ok = true });
    }

    public void Dispose() => _store.Dispose();

    private static Task<string> Json<T>(T value) => Task.FromResult(JsonOutput.Serialize(value));
}
