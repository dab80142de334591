using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Cli;

/// <summary><c>kairos.json</c> (or <c>--config FILE</c>): a file that cannot be read stops with its path, and for bad JSON the line and column.</summary>
internal static class SettingsFile
{
    /// <summary>Adds the file and, for a builder that loads at once (a <see cref="ConfigurationManager"/>), reads it.</summary>
    public static void Add(IConfigurationBuilder configuration, string path, bool optional) =>
        Read(path, () => configuration.AddJsonFile(path, optional, reloadOnChange: false));

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
