using System.CommandLine;

namespace Kairos.Host.Cli;

/// <summary>The verbs of #16's backfill and run-once jobs.</summary>
internal static partial class KairosCli
{
    private static void AddBackfillVerbs(RootCommand root, VerbParts parts)
    {
        var (verb, withClient, json, _, jobArg, _) = parts;

        var from = new Option<string>("--from") { Description = "The first instant of the range, ISO-8601 (UTC when it has no offset)", Required = true };
        var to = new Option<string>("--to") { Description = "The last instant of the range (included), ISO-8601, not in the future", Required = true };
        var trigger = new Option<string?>("--trigger") { Description = "The trigger key (needed when the job has several triggers)" };
        var maxParallel = new Option<int>("--max-parallel") { Description = "At most this many runs of the job at a time while the backfill runs (default 1)", DefaultValueFactory = _ => 1 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only list the instants that would get a run" };
        var backfill = verb("backfill",
            $"Queue a run for every instant of a trigger in a range that has no run record yet (at most {Kairos.Host.Operations.KairosScheduler.MaxBackfillFires} instants)",
            [jobArg, from, to, trigger, maxParallel, dryRun, json]);
        backfill.SetAction((r, ct) => withClient(r, async c => Print(
            await c.BackfillAsync(new BackfillRequest(r.GetValue(jobArg)!, r.GetValue(from)!, r.GetValue(to)!, r.GetValue(trigger), r.GetValue(maxParallel), r.GetValue(dryRun)), ct)
                .ConfigureAwait(false),
            r.GetValue(json), OutputTables.Backfill)));
        root.Subcommands.Add(backfill);

        var list = verb("list", "List the run-once keys: the job, the run each queued last, and whether it succeeded", [json]);
        list.SetAction((r, ct) => withClient(r, async c => Print(await c.RunOnceListAsync(ct).ConfigureAwait(false), r.GetValue(json), OutputTables.RunOnce)));
        var key = new Argument<string>("key") { Description = "The run-once key (as 'run-once list' shows it)" };
        var rerun = verb("rerun", "Queue a run-once job's run once more (refused while its run is still queued)", [key, json]);
        rerun.SetAction((r, ct) => withClient(r, async c => Print(await c.RunOnceRerunAsync(r.GetValue(key)!, ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Trigger)));
        root.Subcommands.Add(new Command("run-once", "Run-once jobs: each runs once per store under its key, until an operator asks for a rerun") { list, rerun });
    }
}
