using Kairos.Host.Execution;
using Kairos.Host.Operations.Views;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Fakes;

internal static class ServiceProviderExtensions
{
    public static KairosOperations GetOperations(this IServiceProvider services) => services.GetRequiredService<KairosOperations>();

    public static ExecutingRuns GetExecutingRuns(this IServiceProvider services) => services.GetRequiredService<ExecutingRuns>();
}
