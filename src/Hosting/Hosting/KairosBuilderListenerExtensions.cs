using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kairos.Host.Hosting;

/// <summary>Adds <see cref="ISchedulerListener"/>s to a Kairos host embedded in an application.</summary>
public static class KairosBuilderListenerExtensions
{
    /// <summary>
    /// Adds a listener, created once from the application's services (the same as
    /// <c>services.AddSingleton&lt;ISchedulerListener, TListener&gt;()</c>). It is told about every run started and ended,
    /// every fire not run and every job faulted, paused or resumed, off the run's path: see <see cref="ISchedulerListener"/>.
    /// </summary>
    /// <typeparam name="TListener">The listener class.</typeparam>
    /// <param name="builder">The Kairos builder.</param>
    /// <returns>The builder.</returns>
    public static IKairosBuilder AddListener<TListener>(this IKairosBuilder builder) where TListener : class, ISchedulerListener
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISchedulerListener, TListener>());
        return builder;
    }
}
