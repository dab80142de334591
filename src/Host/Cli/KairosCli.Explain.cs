using System.CommandLine;

namespace Kairos.Host.Cli;

/// <summary><c>kairos explain JOB [--at INSTANT] [--trigger KEY]</c>: why a job did or did not fire then, or what would stop its next fires.</summary>
internal static partial class KairosCli
{
    private static void AddExplainVerb(RootCommand root, VerbParts parts)
    {
        var at = new Option<string?>("--at") { Description = "The instant to explain, ISO-8601 (UTC when it has no offset; default now); a future one tells the next fires" };
        var trigger = new Option<string?>("--trigger") { Description = "Only this trigger key (default: every trigger of the job)" };
        var explain = parts.Verb("explain", "Why did (or didn't) a job fire: its scheduled instants around a time and what became of each", [parts.JobId, at, trigger, parts.Json]);
        explain.SetAction((r, ct) => parts.WithClient(r, async c =>
            Print(await c.ExplainAsync(r.GetValue(parts.JobId)!, r.GetValue(at), r.GetValue(trigger), ct).ConfigureAwait(false), r.GetValue(parts.Json), ExplainText.Print)));
        root.Subcommands.Add(explain);
    }
}
