using Microsoft.Extensions.Options;

namespace Kairos.Host.Telemetry;

/// <summary>Refuses a <see cref="TelemetryOptions.Otlp"/> that is neither true, false nor an endpoint URL.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        TelemetryOptions.TryParseOtlp(options.Otlp, out _, out _, out var problem) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
}
