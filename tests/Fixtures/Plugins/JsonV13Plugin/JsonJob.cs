using Kairos;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Fixtures.JsonV13;

[Job("fixtures.json-v13")]
[IntervalTrigger(60)]
public sealed class JsonJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(new { Library = typeof(JsonConvert).Assembly.GetName().Version!.ToString() });
        context.Logger.LogInformation("json {Json}", json);
        return Task.CompletedTask;
    }
}
