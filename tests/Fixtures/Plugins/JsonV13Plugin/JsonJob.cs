using Kairos;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Fixtures.JsonV13;

/// <summary>A record, so it implements IEquatable&lt;Payload&gt;: a framework type built from one of the plugin's own.</summary>
public sealed record Payload(string Library, int Count);

[Job("fixtures.json-v13")]
[IntervalTrigger(60)]
public sealed class JsonJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var json = JsonConvert.SerializeObject(new { Library = typeof(JsonConvert).Assembly.GetName().Version!.ToString() });
        var payloads = JsonConvert.DeserializeObject<List<Payload>>(JsonConvert.SerializeObject(new[] { new Payload(json, 1) }));
        context.Logger.LogInformation("json {Json} ({Count} payload)", json, payloads!.Count);
        return Task.CompletedTask;
    }
}
