using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Control;
using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Text;
using Npgsql;

namespace Kairos.Host.Cli;

/// <summary>
/// The <c>kairos</c> command line. Data goes to stdout, progress and errors to stderr. Exit codes: 0 ok, 1 error, 2 bad usage, 130 interrupted.
/// </summary>
internal static partial class KairosCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Action is HelpAction)
        {
            await Console.Out.WriteAsync(Help(parsed)).ConfigureAwait(false);
            return 0;
        }
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"kairos: {error.Message}").ConfigureAwait(false);
            }
            await Console.Error.WriteLineAsync("Run 'kairos --help' for usage.").ConfigureAwait(false);
            return 2;
        }
        try
        {
            // Without EnableDefaultExceptionHandler = false, System.CommandLine catches every exception first and prints
            // it as "Unhandled exception" with a stack trace; the catches below turn the expected ones into one error line.
            // For 'run', System.CommandLine must not handle Ctrl-C and SIGTERM: it would end the process 2 s after the
            // signal (its default ProcessTerminationTimeout), cutting the host's graceful shutdown short (running jobs
            // get up to ShutdownGrace, then their outcomes are written). The Generic Host's console lifetime handles
            // both signals instead, and the process exits when the shutdown is done ('exec' handles them itself: they cancel its run).
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            if (IsRun(parsed) || IsExec(parsed))
            {
                configuration.ProcessTerminationTimeout = null;
            }
            return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationException or ArgumentException or RunNotFoundException)
        {
            // ArgumentException: the scheduler API refused a value (unknown job, bad data), as the control API answers 400.
            await Console.Error.WriteLineAsync($"kairos: error: {ErrorText.Of(e)}").ConfigureAwait(false);
            return 1;
        }
        catch (SettingsException e)
        {
            foreach (var problem in e.Problems)
            {
                await Console.Error.WriteLineAsync($"kairos: error: {problem}").ConfigureAwait(false);
            }
            return 1;
        }
        catch (StoreOpenException e)
        {
            await Console.Error.WriteLineAsync($"kairos: error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (IsHostUnreachable(e))
        {
            await Console.Error.WriteLineAsync($"kairos: error: the running host did not answer: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (IsPostgresFailure(e))
        {
            await Console.Error.WriteLineAsync($"kairos: error: the PostgreSQL store failed: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130; // interrupted (Ctrl+C, SIGTERM) before the verb finished: the shell's code for SIGINT
        }
        catch (Exception e)
        {
            // Not an expected failure: the whole exception, stack included, is what a bug report needs.
            await Console.Error.WriteLineAsync($"kairos: error: unexpected failure: {e}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>An <see cref="HttpRequestException"/>, tested in a method of its own (as <see cref="IsPostgresFailure"/>): only a verb that calls a running host loads System.Net.Http.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool IsHostUnreachable(Exception e) => e is HttpRequestException;

    /// <summary>
    /// An <see cref="NpgsqlException"/>, tested in a method of its own: a catch clause naming the type would load Npgsql
    /// (and System.Data.Common) for every verb, a LiteDB one and <c>kairos cron</c> included.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool IsPostgresFailure(Exception e) => e is NpgsqlException;

    /// <summary>Whether the command line starts the host: the <c>run</c> verb, or no verb at all.</summary>
    internal static bool IsRun(ParseResult parsed) =>
        parsed.CommandResult.Command is RootCommand || parsed.CommandResult.Command.Name == "run";

    internal static RootCommand Build()
    {
        var db = new Option<string?>("--db") { Description = "The store file (default ./data/kairos.db); a running host's, to go through that host" };
        var verbConfig = new Option<string?>("--config") { Description = "Settings file (default ./kairos.json if present)" };
        var verbStore = new Option<string?>("--store") { Description = "litedb (default) or postgres: then the verb works on the cluster's database directly" };
        var verbConnection = new Option<string?>("--connection") { Description = "With --store postgres: the connection string, as given to 'kairos run'" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        Task<int> WithClient(ParseResult r, Func<IOperationsClient, Task<int>> action) =>
            WithStore(StoreSettings.Resolve(r.GetValue(db), r.GetValue(verbConfig), r.GetValue(verbStore), r.GetValue(verbConnection)), action);
        Command Verb(string name, string description, params Symbol[] symbols)
        {
            var verb = new Command(name, description);
            foreach (var symbol in symbols)
            {
                switch (symbol)
                {
                    case Argument argument:
                        verb.Arguments.Add(argument);
                        break;
                    case Option option:
                        verb.Options.Add(option);
                        break;
                }
            }
            verb.Options.Add(db);
            verb.Options.Add(verbConfig);
            verb.Options.Add(verbStore);
            verb.Options.Add(verbConnection);
            return verb;
        }
        var root = new RootCommand("Kairos: a scriptable, plugin-hosted job scheduler. With no verb, 'run'.");

        var plugins = new Option<string?>("--plugins") { Description = "Plugin folder (default ./plugins)" };
        var scripts = new Option<string?>("--scripts") { Description = "Script folder (default ./scripts)" };
        var runDb = new Option<string?>("--db") { Description = "The store file (default ./data/kairos.db); with --store postgres, where this host's control endpoint is published for the CLI" };
        var config = new Option<string?>("--config") { Description = "Settings file (default ./kairos.json if present)" };
        var store = new Option<string?>("--store") { Description = "litedb (default, one host) or postgres (a cluster sharing one database)" };
        var connection = new Option<string?>("--connection") { Description = "With --store postgres: the connection string, e.g. \"Host=db;Database=kairos;Username=kairos\"" };
        var create = new Option<bool>("--create") { Description = "Create the store file's folder if it does not exist (the default ./data is always created)" };
        var http = new Option<string?>("--http")
        {
            Description = "Where the API and dashboard listen, ';'-separated (default http://127.0.0.1:5080; port 0 takes a free port; \"\" switches HTTP off)",
        };
        var run = new Command("run", "Start the host") { plugins, scripts, runDb, config, store, connection, create, http };
        RunSettings Settings(ParseResult r) =>
            new(r.GetValue(plugins), r.GetValue(scripts), r.GetValue(runDb), r.GetValue(config), r.GetValue(store), r.GetValue(connection), r.GetValue(create),
                r.GetValue(http));
        run.SetAction((r, ct) => HostRunner.RunAsync(Settings(r), ct));
        root.Subcommands.Add(run);
        root.Options.Add(plugins);
        root.Options.Add(scripts);
        root.Options.Add(runDb);
        root.Options.Add(config);
        root.Options.Add(store);
        root.Options.Add(connection);
        root.Options.Add(create);
        root.Options.Add(http);
        root.SetAction((r, ct) => HostRunner.RunAsync(Settings(r), ct));

        var jobs = Verb("jobs", "List jobs, their schedule, next fire and state", json);
        jobs.SetAction((r, ct) => WithClient(r, async c => Print(await c.JobsAsync(ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Jobs)));
        root.Subcommands.Add(jobs);

        var historyJob = JobIdArgument(new Argument<string?>("job") { Description = "Only this job", Arity = ArgumentArity.ZeroOrOne });
        var limit = LimitOption("Most records to show");
        var status = new Option<string?>("--status") { Description = "Only this status (succeeded, failed, timed-out, ...)" };
        status.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !KebabCase.TryParse<RunStatus>(value, out _))
            {
                result.AddError($"--status '{value}' is unknown: expected one of {string.Join(", ", KebabCase.Words<RunStatus>())}");
            }
        });
        var historyTrigger = new Option<string?>("--trigger") { Description = "Only runs fired by this trigger key ('manual' for 'kairos trigger')" };
        var historyFrom = new Option<string?>("--from") { Description = "Only runs scheduled at or after this ISO-8601 instant" };
        var historyTo = new Option<string?>("--to") { Description = "Only runs scheduled before this ISO-8601 instant" };
        var history = Verb("history", "Show run history, newest first ('kairos show RUN' shows one run with its log)",
            historyJob, limit, status, historyTrigger, historyFrom, historyTo, json);
        history.SetAction((r, ct) => WithClient(r, async c => Print(await c.HistoryAsync(
            new HistoryRequest(r.GetValue(historyJob), r.GetValue(status), r.GetValue(limit), r.GetValue(historyTrigger), r.GetValue(historyFrom), r.GetValue(historyTo)),
            ct).ConfigureAwait(false), r.GetValue(json), OutputTables.History)));
        root.Subcommands.Add(history);

        var runId = JobIdArgument(new Argument<string>("run") { Description = "The run id, as 'kairos history' and 'kairos trigger' print it" });
        var show = Verb("show", "Show one run: its status, times, data, error and log lines", runId, json);
        show.SetAction((r, ct) => WithClient(r, async c => Print(await c.RunAsync(r.GetValue(runId)!, ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Run)));
        root.Subcommands.Add(show);

        var statsJob = JobIdArgument(new Argument<string?>("job") { Description = "Only this job (default: all)", Arity = ArgumentArity.ZeroOrOne });
        var since = new Option<string?>("--since") { Description = "Runs scheduled in this last span: 30m, 2h, 7d (default 1d)" };
        var stats = Verb("stats", "Show run counts by status, success rate, p50/p95/max duration and start lateness", statsJob, since, json);
        stats.SetAction((r, ct) => WithClient(r, async c =>
            Print(await c.StatsAsync(r.GetValue(statsJob), r.GetValue(since), ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Stats)));
        root.Subcommands.Add(stats);

        var info = Verb("info", "Show the host: node, store, loaded plugins and scripts, running runs (with postgres: every node)", json);
        info.SetAction((r, ct) => WithClient(r, async c => Print(await c.InfoAsync(ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Info)));
        root.Subcommands.Add(info);

        var jobArg = JobIdArgument(new Argument<string>("job") { Description = "The job id" });
        var data = new Option<string?>("--data") { Description = "The run's data, a JSON text (the job reads it as DataJson)" };
        var trigger = Verb("trigger", "Run a job now", jobArg, data, json);
        trigger.SetAction((r, ct) => WithClient(r, async c =>
            Print(await c.TriggerAsync(r.GetValue(jobArg)!, r.GetValue(data), ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Trigger)));
        root.Subcommands.Add(trigger);

        var reason = new Option<string?>("--reason") { Description = "Why, shown by 'jobs'" };
        var until = new Option<string?>("--until") { Description = "Resume by itself then: an ISO-8601 instant, or a duration from now (30m, 2h, 1d)" };
        var pause = Verb("pause", "Pause a job: its triggers do not fire until it is resumed", jobArg, reason, until, json);
        pause.SetAction((r, ct) => WithClient(r, async c =>
            Print(await c.PauseAsync(r.GetValue(jobArg)!, r.GetValue(reason), r.GetValue(until), ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Ok)));
        root.Subcommands.Add(pause);

        var resume = Verb("resume", "Resume a paused job (missed fires follow its misfire policy)", jobArg, json);
        resume.SetAction((r, ct) => WithClient(r, async c => Print(await c.ResumeAsync(r.GetValue(jobArg)!, ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Ok)));
        root.Subcommands.Add(resume);

        var historyMode = new Option<string>("--history")
        {
            Description = "keep (default): its run history stays ('kairos history JOB' shows it); delete: its run records are deleted too",
            DefaultValueFactory = _ => RemovalView.Keep,
        };
        historyMode.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value and not (RemovalView.Keep or RemovalView.Delete))
            {
                result.AddError($"--history '{value}' is invalid: expected {RemovalView.Keep} or {RemovalView.Delete}");
            }
        });
        var remove = Verb("remove", "Remove an orphaned job (one no plugin or script declares any more) with its triggers", jobArg, historyMode, json);
        remove.SetAction((r, ct) => WithClient(r, async c =>
            Print(await c.RemoveAsync(r.GetValue(jobArg)!, r.GetValue(historyMode)!, ct).ConfigureAwait(false), r.GetValue(json), OutputTables.Removed)));
        root.Subcommands.Add(remove);

        AddOperatorVerbs(root, new VerbParts(Verb, WithClient, json, runId, jobArg, reason));
        AddExplainVerb(root, new VerbParts(Verb, WithClient, json, runId, jobArg, reason));
        AddBackfillVerbs(root, new VerbParts(Verb, WithClient, json, runId, jobArg, reason));

        root.Subcommands.Add(CronCommand(json));
        AddDebugVerbs(root);
        return root;
    }

    /// <summary>A <c>--limit</c> option (default 50) whose value must be positive: bad usage otherwise, naming the value.</summary>
    private static Option<int> LimitOption(string description)
    {
        var limit = new Option<int>("--limit") { Description = description, DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            // Read from the token: a value that is no number at all has its own parse error, and GetValueOrDefault would throw.
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError($"--limit {value} is invalid: expected a positive number");
            }
        });
        return limit;
    }

    /// <summary>
    /// A job id argument that refuses what looks like an option: an unknown <c>--flag</c> would otherwise be taken
    /// for the job id (and <c>history --bogus</c> would print an empty history instead of a usage error).
    /// </summary>
    private static Argument<T> JobIdArgument<T>(Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"unknown option '{token.Value}' (a job id never starts with '-')");
            }
        });
        return argument;
    }

    private static async Task<int> WithStore(StoreSettings settings, Func<IOperationsClient, Task<int>> action)
    {
        using var client = Connect(settings);
        return await action(client).ConfigureAwait(false);
    }

    /// <summary>
    /// A cluster's database is shared: the CLI works on it directly. A LiteDB file is the running host's alone: the CLI
    /// goes through that host's control API, or opens the file itself when no host holds it.
    /// </summary>
    private static IOperationsClient Connect(StoreSettings settings)
    {
        if (settings.Kairos.UsesPostgres)
        {
            return LocalOperationsClient.OpenPostgres(settings.Kairos, settings.Cluster);
        }
        var databasePath = settings.Kairos.DatabasePath;
        // A PostgreSQL host publishes its control endpoint beside a --db file that never exists: the lock comes first.
        if (StoreFileLock.IsHeld(Path.GetFullPath(databasePath)) && HostEndpoint.Find(databasePath) is { } endpoint)
        {
            return new RemoteOperationsClient(endpoint);
        }
        if (!File.Exists(databasePath))
        {
            throw new OperationException($"store '{Path.GetFullPath(databasePath)}' does not exist: start the host once ('kairos run') or pass --db FILE");
        }
        return LocalOperationsClient.OpenLiteDb(databasePath);
    }

    private static int Print(string jsonText, bool asJson, Action<string, TextWriter> table)
    {
        if (asJson)
        {
            Console.Out.WriteLine(jsonText);
        }
        else
        {
            table(jsonText, Console.Out);
        }
        return 0;
    }

    /// <summary>
    /// The help text of <paramref name="parsed"/>'s command. System.CommandLine's list of verbs writes each verb's
    /// arguments as required (<c>history &lt;job&gt;</c>) whatever their arity: an optional one is written
    /// <c>[&lt;job&gt;]</c> here, as the verb's own usage line writes it.
    /// </summary>
    internal static string Help(ParseResult parsed)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        parsed.Invoke(new InvocationConfiguration { Output = writer });
        var lines = writer.ToString().Split('\n');
        foreach (var verb in parsed.CommandResult.Command.Subcommands)
        {
            if (verb.Arguments.Count == 0 || verb.Arguments.Any(a => a.Arity.MinimumNumberOfValues > 0))
            {
                continue;
            }
            var label = "  " + verb.Name + string.Concat(verb.Arguments.Select(a => $" <{a.HelpName ?? a.Name}>"));
            var optional = "  " + verb.Name + string.Concat(verb.Arguments.Select(a => $" [<{a.HelpName ?? a.Name}>]"));
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith(label + " ", StringComparison.Ordinal))
                {
                    // Keep the description's column where the padding allows (two spaces at least before it).
                    var extra = optional.Length - label.Length;
                    var padding = lines[i].Length - lines[i][label.Length..].TrimStart(' ').Length - label.Length;
                    lines[i] = optional + new string(' ', Math.Max(2, padding - extra)) + lines[i][(label.Length + padding)..];
                }
            }
        }
        return string.Join('\n', lines);
    }
}
