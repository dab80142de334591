using System.CommandLine;

namespace Kairos.Host.Cli;

/// <summary>The verbs for debugging a job: <c>exec</c> (one run in the foreground) and <c>scripts init-editor</c>.</summary>
internal static partial class KairosCli
{
    /// <summary>Whether the command line is <c>exec</c>, which handles Ctrl+C and SIGTERM itself (<see cref="ExecRunner"/>: they cancel its run).</summary>
    internal static bool IsExec(ParseResult parsed) => parsed.CommandResult.Command.Name == "exec";

    private static void AddDebugVerbs(RootCommand root)
    {
        var target = new Argument<string>("job") { Description = "A job id of the plugins and scripts folders, or a .csx file to run (in a scripts folder or not)" };
        target.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"unknown option '{token.Value}' (a job id never starts with '-')");
            }
        });
        var data = new Option<string?>("--data") { Description = "The run's data, a JSON text (the job reads it as DataJson)" };
        var plugins = new Option<string?>("--plugins") { Description = "Plugin folder (default ./plugins, or as kairos.json says)" };
        var scripts = new Option<string?>("--scripts") { Description = "Script folder (default ./scripts, or as kairos.json says)" };
        var db = new Option<string?>("--db") { Description = "Record the run in this store file (no host may hold it); default: a temporary store, deleted afterwards" };
        var config = new Option<string?>("--config") { Description = "Settings file (default ./kairos.json if present)" };
        var wait = new Option<bool>("--wait-for-debugger") { Description = "Print the process id and wait until a debugger attaches (Enter runs without one)" };
        var exec = new Command("exec",
            "Run one job once in the foreground, log on the console; no trigger fires. Exit code: 0 succeeded, 1 failed, 2 bad input, 3 timed out, 4 not found, 5 store held, 130 cancelled")
        {
            target, data, plugins, scripts, db, config, wait,
        };
        exec.SetAction((r, ct) => ExecRunner.RunAsync(
            new ExecSettings(r.GetValue(target)!, r.GetValue(data), r.GetValue(plugins), r.GetValue(scripts), r.GetValue(db), r.GetValue(config), r.GetValue(wait)),
            ct));
        root.Subcommands.Add(exec);

        var folder = new Option<string?>("--scripts") { Description = "Script folder (default ./scripts, or as kairos.json says)" };
        var force = new Option<bool>("--force") { Description = "Overwrite files changed since Kairos wrote them" };
        var configFile = new Option<string?>("--config") { Description = "Settings file (default ./kairos.json if present)" };
        var initEditor = new Command("init-editor", "Write what an editor needs for IntelliSense in .csx files (OmniSharp / C# Dev Kit): the globals, Kairos.Abstractions, the default imports")
        {
            folder, force, configFile,
        };
        initEditor.SetAction(r => EditorSetup.Run(r.GetValue(folder), r.GetValue(configFile), r.GetValue(force), Console.Out));
        root.Subcommands.Add(new Command("scripts", "Script folder tools") { initEditor });
    }
}
