using Kairos.Host.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Catalog;

/// <summary>Publishes the jobs the embedding application added with <see cref="IKairosBuilder.AddJob{TJob}"/>.</summary>
internal sealed partial class AppJobSource(
    IEnumerable<AppJobType> jobTypes,
    IServiceProvider services,
    JobCatalog catalog,
    ILogger<AppJobSource> logger) : IHostedService
{
    public const string SourceName = "app";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var handlers = new List<JobHandler>();
        var problems = new List<SourceProblem>();
        var version = typeof(AppJobSource).Assembly.GetName().Version?.ToString() ?? "0";
        foreach (var type in jobTypes.Select(j => j.Type).Distinct())
        {
            if (JobDeclarationReader.TryRead(type, out var definition, out var error))
            {
                var assemblyVersion = type.Assembly.GetName().Version?.ToString() ?? version;
                handlers.Add(new TypeJobHandler(definition!, SourceName, assemblyVersion, type, services));
            }
            else
            {
                problems.Add(new SourceProblem(SourceName, null, error!));
            }
        }
        foreach (var problem in catalog.Publish(SourceName, handlers, problems))
        {
            LogProblem(logger, problem.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "App job rejected: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
