using Kairos.Host.Sources.Trust;

namespace Kairos.Host.Plugins.Discovery;

/// <summary>What of a plugin the <see cref="CodeTrust"/> rule covers: its folder (or file) and every file of it.</summary>
internal static class PluginTrust
{
    public const string Kind = "plugin";

    /// <summary>Why the plugin must not be loaded now, or null when its whole path is safe.</summary>
    public static string? Refusal(PluginCandidate candidate, CodeTrust trust)
    {
        IReadOnlyList<string> files;
        try
        {
            files = candidate.EnumerateFiles();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            files = []; // going away or being deployed: the load reads it and reports what is wrong
        }
        return trust.Check([candidate.Location, .. files])?.Describe(Kind);
    }
}
