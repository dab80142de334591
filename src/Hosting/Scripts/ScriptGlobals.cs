using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts;

/// <summary>
/// What a <c>.csx</c> script job sees as globals: its members are in scope in the script without a prefix
/// (<c>Logger.LogInformation(...)</c>, <c>await Task.Delay(1000, CancellationToken)</c>).
/// A new instance is created for every run.
/// </summary>
public sealed class ScriptGlobals
{
    private readonly Lazy<JsonElement> _data;

    internal ScriptGlobals(JobContext context, string scriptPath, CancellationToken cancellationToken)
    {
        Context = context;
        CancellationToken = cancellationToken;
        ScriptPath = scriptPath;
        _data = new Lazy<JsonElement>(() => ParseData(context.DataJson));
    }

    /// <summary>The run's context, as a plugin job gets it.</summary>
    public JobContext Context { get; }

    /// <summary>Cancelled when the run times out, is replaced, or the host shuts down. Pass it to every await.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The run's logger: lines go to the host log and the last 100 to the run record.</summary>
    public ILogger Logger => Context.Logger;

    /// <summary>The job id declared in the script's header.</summary>
    public string JobId => Context.JobId;

    /// <summary>The id of this run's record.</summary>
    public string RunId => Context.RunId;

    /// <summary>The instant (UTC) the trigger was scheduled to fire (<see cref="JobContext.ScheduledUtc"/>).</summary>
    public DateTimeOffset ScheduledUtc => Context.ScheduledUtc;

    /// <summary>The instant (UTC) this attempt started (<see cref="JobContext.StartedUtc"/>).</summary>
    public DateTimeOffset StartedUtc => Context.StartedUtc;

    /// <summary>The instant (UTC) this attempt started. Obsolete: read <see cref="StartedUtc"/>.</summary>
    [Obsolete("Use StartedUtc: the same instant, named as the run record and kairos history name it (startedUtc).")]
    public DateTimeOffset FireTimeUtc => Context.StartedUtc;

    /// <summary>The attempt number, starting at 1.</summary>
    public int Attempt => Context.Attempt;

    /// <summary>The host's clock; use it rather than the wall clock.</summary>
    public TimeProvider TimeProvider => Context.TimeProvider;

    /// <summary>The job's triggers, to add or remove some while the job runs.</summary>
    public IJobTriggers Triggers => Context.Triggers;

    /// <summary>
    /// The scheduler (<see cref="JobContext.Scheduler"/>), acting as <c>job:ID</c>: trigger other jobs with data, schedule,
    /// pause, read runs.
    /// </summary>
    public IScheduler Scheduler => Context.Scheduler;

    /// <summary>The trigger's data as JSON text, or <see langword="null"/>.</summary>
    public string? DataJson => Context.DataJson;

    /// <summary>The trigger's data parsed; its <see cref="JsonElement.ValueKind"/> is <c>Undefined</c> when there is none.</summary>
    public JsonElement Data => _data.Value;

    /// <summary>The full path of the script file.</summary>
    public string ScriptPath { get; }

    /// <summary>The folder of the script file.</summary>
    public string ScriptDirectory => Path.GetDirectoryName(ScriptPath) ?? ".";

    /// <summary>A string property of the trigger data, or <paramref name="defaultValue"/> when absent.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="defaultValue">The value used when the data has no such property.</param>
    /// <returns>The property's text (numbers and booleans as written in the JSON).</returns>
    public string GetDataString(string name, string defaultValue) =>
        TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? defaultValue : value.GetRawText()
            : defaultValue;

    /// <summary>A numeric property of the trigger data, or <paramref name="defaultValue"/> when absent.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="defaultValue">The value used when the data has no such property.</param>
    /// <returns>The property's value.</returns>
    /// <exception cref="FormatException">The property is present but is not a number.</exception>
    public double GetDataNumber(string name, double defaultValue)
    {
        if (!TryGetProperty(name, out var value))
        {
            return defaultValue;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new FormatException($"trigger data '{name}' is {value.GetRawText()}: expected a number"),
        };
    }

    private bool TryGetProperty(string name, out JsonElement value)
    {
        value = default;
        return Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static JsonElement ParseData(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return default;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
