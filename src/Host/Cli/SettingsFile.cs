using System.Text.Json;
using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Cli;

/// <summary>
/// <c>kairos.json</c> (or <c>--config FILE</c>): a file that cannot be read stops with its path, and for bad JSON the line
/// and column. With <c>reload</c> (a running host) it is watched: its changes apply while the host runs, and a change that
/// leaves it unreadable is refused, its settings before the change staying in force (<see cref="KeptJsonFileProvider"/>).
/// </summary>
internal static class SettingsFile
{
    /// <summary>Adds the file and, for a builder that loads at once (a <see cref="ConfigurationManager"/>), reads it.</summary>
    public static void Add(IConfigurationBuilder configuration, string path, bool optional, bool reload = false) =>
        Read(path, () => reload ? configuration.Add(Watched(path, optional)) : configuration.AddJsonFile(path, optional, reloadOnChange: false));

    private static KeptJsonFileSource Watched(string path, bool optional)
    {
        var source = new KeptJsonFileSource(e => Describe(path, e)) { Path = path, Optional = optional, ReloadOnChange = true };
        // A provider on the file's folder (the watch is on the folder, so a file replaced by a rename is seen too).
        source.ResolveFileProvider();
        return source;
    }

    /// <summary>Runs <paramref name="load"/>, which reads the file, turning a failure into a <see cref="SettingsException"/>.</summary>
    public static T Read<T>(string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new SettingsException([Describe(path, e)], e);
        }
    }

    private static string Describe(string path, Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException { LineNumber: { } line } json)
            {
                var reason = json.Message;
                var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal) is >= 0 and var p ? p : reason.IndexOf(" LineNumber: ", StringComparison.Ordinal);
                reason = cut >= 0 ? reason[..cut] : reason;
                return $"settings file '{path}' is not valid JSON at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}: {reason.TrimEnd('.', ' ')}";
            }
        }
        var innermost = e.GetBaseException();
        return $"settings file '{path}' cannot be read: {innermost.Message.TrimEnd('.', ' ')}";
    }
}
