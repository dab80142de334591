using Microsoft.Extensions.Options;

namespace Kairos.Host.Storage.Postgres;

/// <summary>Checks the cluster settings at start-up and names the bad one with its value and what was expected.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var failures = new List<string>();
        void Positive(string setting, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{ClusterOptions.SectionName}:{setting} is '{value}': expected a positive duration such as '30s' or '00:00:30'");
            }
        }

        Positive(nameof(options.HeartbeatInterval), options.HeartbeatInterval);
        Positive(nameof(options.NodeTimeout), options.NodeTimeout);
        Positive(nameof(options.MaxClockSkew), options.MaxClockSkew);
        Positive(nameof(options.StartupTimeout), options.StartupTimeout);
        if (options.HeartbeatInterval > TimeSpan.Zero && options.NodeTimeout < 2 * options.HeartbeatInterval)
        {
            failures.Add($"{ClusterOptions.SectionName}:NodeTimeout is '{options.NodeTimeout}': expected at least twice HeartbeatInterval ('{options.HeartbeatInterval}'), so one late heartbeat does not make a host dead");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
