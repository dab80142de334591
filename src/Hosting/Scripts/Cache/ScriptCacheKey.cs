using System.Security.Cryptography;
using System.Text;
using Kairos.Host.Scripts.Closure;

namespace Kairos.Host.Scripts.Cache;

/// <summary>
/// The cache key of a compiled script: SHA-256 over the closure's content hash (the script, its <c>#load</c> files
/// and <c>#r</c> assemblies), the script's full path (it is in the PDB and in messages) and the compile environment
/// (runtime, Roslyn and Kairos builds).
/// </summary>
internal static class ScriptCacheKey
{
    public static string For(ScriptClosure closure, string fingerprint) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{closure.ContentHash}\n{closure.RootPath}\n{fingerprint}")));

    /// <summary>A readable, unique-per-version assembly name: <c>kairos.script.reports.disk-usage.3f2a9c1b7d4e</c>.</summary>
    public static string AssemblyName(string relativePath, string version)
    {
        var stem = relativePath.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) ? relativePath[..^4] : relativePath;
        var safe = new string([.. stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '.')]);
        return $"{AssemblyPrefix}{safe}.{version}";
    }

    public const string AssemblyPrefix = "kairos.script.";
}
