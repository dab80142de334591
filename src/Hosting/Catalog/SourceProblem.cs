namespace Kairos.Host.Catalog;

/// <summary>
/// Something wrong with a job source: a plugin that failed to load, a script that does not compile, a declaration
/// with a bad value. <paramref name="JobId"/> is set when the problem belongs to one job (which then shows as
/// <c>broken</c>); <paramref name="Message"/> names the file, line or value and what was expected.
/// </summary>
internal sealed record SourceProblem(string Source, string? JobId, string Message);
