namespace Kairos.Host.Cli;

/// <summary>The settings cannot be used: each problem, one line, names the setting or file, the value and what was expected.</summary>
internal sealed class SettingsException(IReadOnlyList<string> problems, Exception? inner = null)
    : Exception(string.Join(Environment.NewLine, problems), inner)
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
