namespace Kairos.Host.Plugins.Loading;

/// <summary>Disposes a plugin's service provider before its context is unloaded.</summary>
internal static class PluginServices
{
    public static bool TryDispose(IServiceProvider? services, out Exception? error)
    {
        error = null;
        try
        {
            switch (services)
            {
                case IAsyncDisposable asyncDisposable:
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
            return true;
        }
        catch (Exception e)
        {
            error = e;
            return false;
        }
    }
}
