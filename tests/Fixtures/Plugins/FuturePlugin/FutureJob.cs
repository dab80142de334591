using Kairos;

namespace Fixtures.Future;

[Job("fixtures.future")]
public sealed class FutureJob : IJob
{
    public Task ExecuteAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
