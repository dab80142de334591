using System.Collections.Frozen;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts.Compile;

/// <summary>
/// What every script compiles against: the whole shared framework (so no type forward is ever missing and Roslyn
/// does not resolve missing assemblies on every compile), logging abstractions, Kairos.Abstractions and the host
/// (for <see cref="ScriptGlobals"/>), with a default set of imports. Built once and reused by every compile.
/// </summary>
internal sealed class ScriptReferences
{
    private readonly Lazy<IReadOnlyList<string>> _assemblyPaths;
    private readonly Lazy<FrozenSet<string>> _hostAssemblyNames;
    private readonly Lazy<string> _fingerprint;
    private readonly Lock _gate = new();
    private IReadOnlyList<MetadataReference>? _metadata;

    public ScriptReferences()
    {
        var tpa = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        // The host's assemblies are the ones loaded now that cannot be unloaded (taken now, named when first asked: no
        // collectible one is held); the lists are built on first use, off the start-up path: a host whose scripts all
        // come from the cache, or that has none, never sorts the framework's files.
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsCollectible).ToArray();
        _assemblyPaths = new Lazy<IReadOnlyList<string>>(() =>
        {
            var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
            var framework = tpa
                .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal))
                .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            return [.. framework.Concat(SharedAssemblies.Select(a => a.Location)).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];
        });
        _hostAssemblyNames = new Lazy<FrozenSet<string>>(() => tpa.Select(Path.GetFileNameWithoutExtension)
            .Concat(loaded.Select(a => a.GetName().Name))
            .OfType<string>()
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase));
        // Both only when a script is compiled or looked up: a host without scripts never loads Roslyn nor reads its file.
        _fingerprint = new Lazy<string>(() => string.Join('|',
            ["kairos-scripts-2", Environment.Version.ToString(), RoslynVersion(tpa),
             .. SharedAssemblies.Select(a => a.GetName().Name + "=" + a.ManifestModule.ModuleVersionId.ToString("N"))]));
    }

    /// <summary>
    /// The C# compiler's version, read from its file: loading Roslyn only for its version would cost every start-up
    /// about a tenth of a second, scripts or not (it loads when the first script compiles).
    /// </summary>
    private static string RoslynVersion(string[] tpa)
    {
        var path = tpa.FirstOrDefault(p => string.Equals(Path.GetFileName(p), "Microsoft.CodeAnalysis.CSharp.dll", StringComparison.OrdinalIgnoreCase))
            ?? Path.Combine(AppContext.BaseDirectory, "Microsoft.CodeAnalysis.CSharp.dll");
        return File.Exists(path) ? AssemblyName.GetAssemblyName(path).Version?.ToString() ?? "?" : "?";
    }

    /// <summary>Namespaces every script sees without a <c>using</c>.</summary>
    public static IReadOnlyList<string> Imports { get; } =
    [
        "System", "System.Collections.Generic", "System.Globalization", "System.IO", "System.IO.Compression", "System.Linq",
        "System.Net.Http", "System.Text", "System.Text.Json", "System.Text.RegularExpressions", "System.Threading",
        "System.Threading.Tasks", "Kairos", "Microsoft.Extensions.Logging",
    ];

    /// <summary>Host assemblies whose types scripts share with the host (they are never loaded into a script's context).</summary>
    public static IReadOnlyList<Assembly> SharedAssemblies { get; } =
        [typeof(IJob).Assembly, typeof(ILogger).Assembly, typeof(ScriptGlobals).Assembly];

    public IReadOnlyList<string> AssemblyPaths => _assemblyPaths.Value;

    public IReadOnlyList<MetadataReference> MetadataReferences
    {
        get
        {
            lock (_gate)
            {
                return _metadata ??= [.. AssemblyPaths.Select(p => MetadataReference.CreateFromFile(p))];
            }
        }
    }

    /// <summary>Identifies the compile environment (runtime, Roslyn, Kairos builds) in cache keys.</summary>
    public string Fingerprint => _fingerprint.Value;

    /// <summary>True when the default context provides the assembly, so a script's context must not load its own copy.</summary>
    public bool IsHostProvided(string simpleName) => _hostAssemblyNames.Value.Contains(simpleName);
}
