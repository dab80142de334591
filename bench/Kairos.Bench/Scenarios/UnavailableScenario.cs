using Kairos.Bench.Infrastructure;

namespace Kairos.Bench.Scenarios;

/// <summary>A scenario whose subject has not landed on this branch yet: says so, and measures nothing.</summary>
internal sealed class UnavailableScenario(string name, string reason, Report report)
{
    public string Name { get; } = name;

    public Task RunAsync()
    {
        Console.Error.WriteLine($"{Name}: not yet available: {reason}");
        report.AddUnavailable(Name, reason);
        return Task.CompletedTask;
    }
}
