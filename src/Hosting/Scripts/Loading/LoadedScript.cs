using System.Reflection;
using System.Runtime.CompilerServices;
using Kairos.Host.Scripts.Compile;

namespace Kairos.Host.Scripts.Loading;

/// <summary>
/// One compiled script version loaded into its own collectible context, with its entry point. After
/// <see cref="Unload"/> it holds nothing of the context, so whoever still references this object does not keep
/// the context alive.
/// </summary>
internal sealed class LoadedScript
{
    private ScriptLoadContext? _context;
    private Func<object?[], Task<object>>? _factory;

    private LoadedScript(ScriptLoadContext context, Func<object?[], Task<object>> factory)
    {
        _context = context;
        _factory = factory;
    }

    /// <exception cref="BadImageFormatException">The image is corrupt (a damaged cache entry).</exception>
    /// <exception cref="MissingMethodException">The image has no submission entry point.</exception>
    /// <remarks>The image carries its portable PDB (<see cref="ScriptCompiler"/>): debuggers and stack traces read it from there.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static LoadedScript Load(string name, byte[] image, IReadOnlyList<string> references, ScriptReferences host)
    {
        var context = new ScriptLoadContext(name, references, host.IsHostProvided);
        try
        {
            using var imageStream = new MemoryStream(image, writable: false);
            var assembly = context.LoadFromStream(imageStream);
            var method = assembly.GetType(ScriptCompiler.EntryTypeName)?.GetMethod(ScriptCompiler.EntryMethodName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                ?? throw new MissingMethodException(ScriptCompiler.EntryTypeName, ScriptCompiler.EntryMethodName);
            return new LoadedScript(context, method.CreateDelegate<Func<object?[], Task<object>>>());
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>Runs the script body once with these globals.</summary>
    public Task RunAsync(ScriptGlobals globals)
    {
        var factory = _factory ?? throw new InvalidOperationException("this script version has been unloaded");
        // The submission array holds the globals at index 0 and each submission after it; ours is the only one.
        return factory([globals, null]);
    }

    /// <summary>Starts unloading the context and returns a weak reference to check that it was collected.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference Unload()
    {
        var context = _context ?? throw new InvalidOperationException("already unloaded");
        _context = null;
        _factory = null;
        var weak = new WeakReference(context);
        context.Unload();
        return weak;
    }
}
