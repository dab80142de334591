namespace Kairos.Host.Plugins.Inspection;

/// <summary>
/// What is wrong with one type of a plugin. <paramref name="JobId"/> names the job it refuses (the id as declared, even
/// an invalid one, or the class name when it declares none), so <c>kairos jobs</c> lists that job as broken instead of
/// not at all; null when the problem belongs to no single job (a type of the assembly that cannot be loaded at all).
/// </summary>
internal sealed record PluginProblem(string? JobId, string Message);
