using System.CommandLine;

namespace Kairos.Host.Cli;

/// <summary>The operator's verbs on runs and jobs beyond trigger, pause and resume: cancel, retry, disable, enable, and the audit trail they leave.</summary>
internal static partial class KairosCli
{
    /// <summary>What the verbs share with <see cref="Build"/>: its verb factory (with the store options), its client runner, and the common options and arguments.</summary>
    private sealed record VerbParts(
        Func<string, string, Symbol[], Command> Verb,
        Func<ParseResult, Func<IOperationsClient, Task<int>>, Task<int>> WithClient,
        Option<bool> Json,
        Argument<string> RunId,
        Argument<string> JobId,
        Option<string?> Reason);

    private static void AddOperatorVerbs(RootCommand root, VerbParts parts)
    {
        var (verb, withClient, json, runId, jobArg, reason) = parts;

        var cancel = verb("cancel", "Stop a running run (it ends cancelled, naming you; on another node of a cluster within a second or so)", [runId, json]);
        cancel.SetAction((r, ct) => withClient(r, async c => Print(await c.CancelAsync(r.GetValue(runId)!, ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Ok)));
        root.Subcommands.Add(cancel);

        var retry = verb("retry", "Run a failed, timed-out or interrupted run again, as the next attempt of the same fire", [runId, json]);
        retry.SetAction((r, ct) => withClient(r, async c => Print(await c.RetryAsync(r.GetValue(runId)!, ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Trigger)));
        root.Subcommands.Add(retry);

        var disable = verb("disable", "Switch a job off until 'kairos enable' (kept across restarts): none of its fires is made", [jobArg, reason, json]);
        disable.SetAction((r, ct) => withClient(r, async c =>
            Print(await c.DisableAsync(r.GetValue(jobArg)!, r.GetValue(reason), ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Ok)));
        root.Subcommands.Add(disable);

        var enable = verb("enable", "Switch back on a job 'kairos disable' switched off (configuration's Enabled=false still holds)", [jobArg, json]);
        enable.SetAction((r, ct) => withClient(r, async c => Print(await c.EnableAsync(r.GetValue(jobArg)!, ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Ok)));
        root.Subcommands.Add(enable);

        var auditJob = JobIdArgument(new Argument<string?>("job") { Description = "Only this job", Arity = ArgumentArity.ZeroOrOne });
        var auditLimit = LimitOption("Most entries to show");
        var audit = verb("audit", "Show the audit trail, newest first: who triggered, paused, cancelled, retried, disabled... what and when", [auditJob, auditLimit, json]);
        audit.SetAction((r, ct) => withClient(r, async c =>
            Print(await c.AuditAsync(r.GetValue(auditJob), r.GetValue(auditLimit), ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Audit)));
        root.Subcommands.Add(audit);
    }
}
