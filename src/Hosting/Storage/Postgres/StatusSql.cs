using Kairos.Host.Text;

namespace Kairos.Host.Storage.Postgres;

/// <summary>
/// Run status words as SQL literals, spelt by the one conversion (<see cref="KebabCase"/>), for the statements that
/// select runs by a fixed status. Literals rather than parameters on purpose: the partial indexes
/// (<c>kairos_runs_open_key</c>, <c>kairos_runs_waiting_fire</c>) and the <c>ON CONFLICT</c> arbiter of a
/// waiting-for-handler record must see the word when the statement is planned, and statements are auto-prepared
/// (<c>MaxAutoPrepare</c>), where a parameter may get a generic plan. A status that varies (a run's own, the
/// <c>--status</c> filter) is a parameter. The schema's migrations keep their literals: they are history.
/// </summary>
internal static class StatusSql
{
    public static readonly string Pending = Literal(RunStatus.Pending);
    public static readonly string Running = Literal(RunStatus.Running);
    public static readonly string WaitingForHandler = Literal(RunStatus.WaitingForHandler);
    public static readonly string Interrupted = Literal(RunStatus.Interrupted);

    /// <summary>The statuses of a run that has not ended, as an SQL list: <c>('pending', 'running', 'waiting-for-handler')</c>.</summary>
    public static readonly string Open = $"({Pending}, {Running}, {WaitingForHandler})";

    private static string Literal(RunStatus status) => $"'{status.Word()}'";
}
