namespace Kairos.Host.Catalog;

/// <summary>
/// The end of a job instance's life after its run: <see cref="IAsyncDisposable"/> first, else <see cref="IDisposable"/>.
/// One rule for the host's handlers and the test kit's runner, so a job is disposed the same way in both.
/// </summary>
internal static class JobDisposal
{
    public static async ValueTask DisposeAsync(object job)
    {
        switch (job)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
