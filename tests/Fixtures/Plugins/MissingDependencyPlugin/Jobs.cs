using Fixtures.MissingDependencyLib;
using Kairos;

namespace Fixtures.MissingDependency;

/// <summary>Uses the library in its code only: found when its code is compiled at load.</summary>
[Job("fixtures.uses-library")]
[IntervalTrigger(60)]
public sealed class UsesLibraryJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Helper().Greet());
}

/// <summary>Derives from a library type: the type itself cannot be loaded.</summary>
[Job("fixtures.derives-from-library")]
[IntervalTrigger(60)]
public sealed class DerivesFromLibraryJob : Helper, IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Needs nothing from the library: keeps working.</summary>
[Job("fixtures.independent")]
[IntervalTrigger(60)]
public sealed class IndependentJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
