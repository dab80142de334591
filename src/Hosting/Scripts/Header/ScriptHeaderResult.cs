using Kairos.Host.Catalog;

namespace Kairos.Host.Scripts.Header;

/// <summary>
/// What a script's header declares. <see cref="Definition"/> is set when there are no <see cref="Errors"/>;
/// <see cref="DeclaredId"/> is the id as written even when other lines are wrong (so the job can show as broken).
/// </summary>
internal sealed record ScriptHeaderResult(JobDefinition? Definition, string? DeclaredId, IReadOnlyList<ScriptHeaderError> Errors);
