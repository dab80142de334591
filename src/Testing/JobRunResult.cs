namespace Kairos.Testing;

/// <summary>The outcome of one run made by <see cref="JobRunner"/> (or <see cref="ScriptRunner"/>).</summary>
public class JobRunResult
{
    /// <summary>
    /// How the run ended, as the host would record it: <see cref="RunStatus.Succeeded"/>; <see cref="RunStatus.Failed"/>
    /// when the job threw (or could not be created); <see cref="RunStatus.Cancelled"/> when it stopped with an
    /// <see cref="OperationCanceledException"/> after <see cref="TestJobContext.Cancel"/> or the caller's token;
    /// <see cref="RunStatus.TimedOut"/> when it did so after its <see cref="JobAttribute.TimeoutSeconds"/> passed on the
    /// test clock.
    /// </summary>
    public required RunStatus Status { get; init; }

    /// <summary>What the job threw (or why it could not be created), or <see langword="null"/> when it succeeded.</summary>
    public Exception? Error { get; init; }

    /// <summary>The lines logged during the run.</summary>
    public required IReadOnlyList<LogLine> Logs { get; init; }

    /// <summary>The context the job ran with: its clock, trigger changes and scheduler calls.</summary>
    public required TestJobContext Context { get; init; }

    /// <summary>How long the run took on the test clock (<see cref="TestJobContext.Clock"/>): zero unless the test moved it.</summary>
    public TimeSpan Duration { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Error is null ? Status.ToString() : $"{Status}: {Error.GetType().Name}: {Error.Message}";
}
