using System.Reflection;
using System.Runtime.CompilerServices;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// Our one wrapper over McMaster.NETCore.Plugins (so the library can be replaced): a collectible load context that
/// shares only <c>Kairos.Abstractions</c> and the logging abstractions with the host, loads assemblies from memory
/// (so files can be replaced under it) and caches its main assembly (loading it twice throws after a change).
/// </summary>
internal sealed class PluginAssemblyContext : IDisposable
{
    // Only the contract crosses the boundary; everything else the plugin brings is its own, in its own version.
    private static readonly Type[] SharedTypes = [typeof(IJob), typeof(ILogger)];

    private PluginLoader? _loader;

    private PluginAssemblyContext(PluginLoader loader, Assembly mainAssembly)
    {
        _loader = loader;
        MainAssembly = mainAssembly;
    }

    public Assembly MainAssembly { get; private set; }

    /// <summary>Creates the context and loads the main assembly; disposes the context again when that fails.</summary>
    public static PluginAssemblyContext Load(string mainAssemblyPath)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(
            mainAssemblyPath,
            isUnloadable: true,
            sharedTypes: SharedTypes,
            config =>
            {
                config.LoadInMemory = true;
                config.PreferSharedTypes = false;
                config.EnableHotReload = false;
            });
        try
        {
            return new PluginAssemblyContext(loader, loader.LoadDefaultAssembly());
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts unloading and returns a weak reference to the load context, held nowhere else by this object, so the
    /// caller can check that it was collected.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference Unload()
    {
        var loader = _loader ?? throw new ObjectDisposedException(nameof(PluginAssemblyContext));
        var weak = new WeakReference(loader.LoadContext, trackResurrection: false);
        _loader = null;
        MainAssembly = null!;
        try
        {
            PluginHostCaches.Forget(loader.LoadContext);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort: a cache left behind shows up as a leak, with the plugin's name, in the unload check.
        }
        loader.Dispose();
        return weak;
    }

    public void Dispose()
    {
        if (_loader is not null)
        {
            Unload();
        }
    }
}
