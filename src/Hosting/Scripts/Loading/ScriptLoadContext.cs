using System.Reflection;
using System.Runtime.Loader;

namespace Kairos.Host.Scripts.Loading;

/// <summary>
/// The collectible context one compiled script version lives in. Assemblies the host provides (the framework,
/// Kairos.Abstractions, logging, the host itself) always come from the default context so types are shared; only
/// assemblies the script <c>#r</c>eferences (and their neighbours) are loaded here, from memory so the files
/// can be replaced while the script runs. Native libraries are not supported.
/// </summary>
internal sealed class ScriptLoadContext : AssemblyLoadContext
{
    private readonly IReadOnlyList<string> _references;
    private readonly Func<string, bool> _isHostProvided;
    private Dictionary<string, string>? _byName;

    public ScriptLoadContext(string name, IReadOnlyList<string> references, Func<string, bool> isHostProvided)
        : base(name, isCollectible: true)
    {
        _references = references;
        _isHostProvided = isHostProvided;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name || _isHostProvided(name) || Find(name) is not { } path)
        {
            return null;
        }
        using var image = new MemoryStream(File.ReadAllBytes(path));
        var symbolsPath = Path.ChangeExtension(path, ".pdb");
        if (!File.Exists(symbolsPath))
        {
            return LoadFromStream(image);
        }
        using var symbols = new MemoryStream(File.ReadAllBytes(symbolsPath));
        return LoadFromStream(image, symbols);
    }

    private string? Find(string name)
    {
        _byName ??= IndexReferences();
        if (_byName.TryGetValue(name, out var path))
        {
            return path;
        }
        return _references
            .Select(r => Path.Combine(Path.GetDirectoryName(r) ?? ".", name + ".dll"))
            .FirstOrDefault(File.Exists);
    }

    private Dictionary<string, string> IndexReferences()
    {
        var index = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in _references)
        {
            try
            {
                if (AssemblyName.GetAssemblyName(path).Name is { } name)
                {
                    index.TryAdd(name, path);
                }
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
            {
                // Not a managed assembly or gone: the runtime reports the load failure when code needs it.
            }
        }
        return index;
    }
}
