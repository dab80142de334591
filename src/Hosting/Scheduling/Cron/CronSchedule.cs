using System.Diagnostics.CodeAnalysis;
using NCrontab;

namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// The one adapter over NCrontab: a parsed cron expression read in an IANA time zone, with the DST rules of
/// DESIGN.md §4. All instants in and out are UTC. Pure: the caller passes the instant, there is no clock inside.
/// </summary>
/// <remarks>
/// <para>Format: 5 fields (minute hour day-of-month month day-of-week) or 6 with a leading second field; numbers,
/// <c>*</c>, ranges <c>a-b</c>, lists <c>a,b</c>, steps <c>*/n</c>, <c>a/n</c> and <c>a-b/n</c>, month and weekday
/// names (<c>JAN</c>, <c>MON</c>). Day-of-week is 0-6 with Sunday 0.</para>
/// <para>Day-of-month and day-of-week are combined with AND, as NCrontab does: <c>0 0 13 * 5</c> fires only on a
/// Friday the 13th. Vixie cron (and Cronos) use OR when both fields are restricted.</para>
/// <para>DST: a local time in a spring-forward gap fires once, at the instant the gap ends. In a fall-back overlap
/// an interval expression (a <c>*</c>, range or step in the second, minute or hour field) fires in both passes; any
/// other expression fires only in the first pass. These are Cronos's rules.</para>
/// <para>Thread-safe and immutable; the zone's offset changes are read from the <see cref="ZoneTimeline"/> it shares
/// with every schedule in the zone.</para>
/// </remarks>
internal sealed class CronSchedule
{
    /// <summary>The zone used when none is given.</summary>
    public const string DefaultTimeZoneId = "UTC";

    private const long NotFound = -1;
    private const long Second = TimeSpan.TicksPerSecond;
    private const long MaxTicks = 3155378975999999999; // DateTime.MaxValue.Ticks

    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };
    private static readonly CrontabSchedule.ParseOptions WithoutSeconds = new() { IncludingSeconds = false };

    private readonly CrontabSchedule _schedule;
    private readonly ZoneTimeline _timeline;
    private readonly bool _isInterval;
    private readonly bool _canFire;

    private CronSchedule(string expression, CrontabSchedule schedule, TimeZoneInfo zone, bool includesSeconds, bool isInterval, bool canFire)
    {
        Expression = expression;
        _schedule = schedule;
        TimeZone = zone;
        IncludesSeconds = includesSeconds;
        _timeline = ZoneTimeline.For(zone);
        _isInterval = isInterval;
        _canFire = canFire;
    }

    public string Expression { get; }

    public TimeZoneInfo TimeZone { get; }

    public bool IncludesSeconds { get; }

    /// <summary>
    /// Parses a 5- or 6-field expression in the given IANA zone (null or empty means <see cref="DefaultTimeZoneId"/>);
    /// the error quotes the input and says what was expected.
    /// </summary>
    public static bool TryParse(string expression, string timeZoneId, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (!TryFindZone(timeZoneId, out var zone, out error))
        {
            return false;
        }
        var tokens = CronSyntax.Tokenize(expression ?? "");
        if (tokens.Length is not (5 or 6))
        {
            error = $"invalid cron expression '{expression}': expected 5 fields (minute hour day-of-month month day-of-week) " +
                    $"or 6 (second minute hour day-of-month month day-of-week), found {tokens.Length}";
            return false;
        }
        // NCrontab parses the fields it accepts: when every field passes the lexical checks it does not make, a parsed
        // schedule means every field is valid, so the field-by-field search for the bad one runs only when one is.
        var includesSeconds = tokens.Length == 6;
        var parsed = CronSyntax.HasLexicalProblem(tokens)
            ? null
            : CrontabSchedule.TryParse(CronSyntax.SingleSpaced(expression!, tokens), includesSeconds ? WithSeconds : WithoutSeconds);
        if (parsed is null && CronSyntax.TryFindFieldError(expression!, tokens, out error))
        {
            return false;
        }
        if (parsed is null)
        {
            error = $"invalid cron expression '{expression}': expected fields of numbers, names, '*', ranges, lists and steps";
            return false;
        }
        var canFire = CronSyntax.CanEverFire(tokens[^3], tokens[^2]);
        schedule = new CronSchedule(expression!, parsed, zone, includesSeconds, CronSyntax.IsInterval(tokens), canFire);
        return true;
    }

    public static CronSchedule Parse(string expression, string timeZoneId) =>
        TryParse(expression, timeZoneId, out var schedule, out var error) ? schedule : throw new FormatException(error);

    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>, or <see langword="null"/> when there is none.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset afterUtc)
    {
        if (!_canFire)
        {
            return null;
        }
        var utc = afterUtc.UtcTicks;
        var next = _timeline.Reference.TryGetSteadyOffset(utc, out var offset)
            ? NextWithOffset(utc, offset)
            : NextByRules(utc - (utc % Second), _timeline); // occurrences are whole seconds: after the second holding utc = after utc
        return next == NotFound ? null : new DateTimeOffset(next, TimeSpan.Zero);
    }

    /// <summary>Up to <paramref name="count"/> occurrences strictly after <paramref name="afterUtc"/>, each after the previous.</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset afterUtc, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerate(afterUtc, count);
    }

    /// <summary>
    /// The reference path: the DST rules applied with every offset fact asked of <see cref="TimeZoneInfo"/>'s own API
    /// (<see cref="ZoneOffsets"/>), no precomputed timeline. <see cref="GetNextOccurrence"/> must always agree with it;
    /// tests compare the two.
    /// </summary>
    internal DateTimeOffset? GetNextOccurrenceByRules(DateTimeOffset afterUtc)
    {
        var next = _canFire ? NextByRules(afterUtc.UtcTicks - (afterUtc.UtcTicks % Second), _timeline.Reference) : NotFound;
        return next == NotFound ? null : new DateTimeOffset(next, TimeSpan.Zero);
    }

    private IEnumerable<DateTimeOffset> Enumerate(DateTimeOffset afterUtc, int count)
    {
        var at = afterUtc;
        for (var i = 0; i < count && GetNextOccurrence(at) is { } next; i++)
        {
            yield return next;
            at = next;
        }
    }

    private long NextWithOffset(long utc, long offset)
    {
        var local = NextLocal(utc + offset, inclusive: false);
        return local == NotFound ? NotFound : ToUtc(local, offset);
    }

    // The DST rules of DESIGN.md §4, with the zone's facts from `zone`: the next local time after the local time of `utc`;
    // in a repeated hour the rest of the pass first (and the second pass for an interval expression); a local time in
    // a gap fires when the gap ends, a repeated one in its first pass.
    private long NextByRules(long utc, IZoneOffsets zone)
    {
        var offset = zone.Offset(utc);
        var from = utc + offset;
        var inclusive = false;
        if (zone.IsAmbiguous(from))
        {
            // The clock went back and `utc` is in the repeated hour: [start, end) local, first with the larger offset.
            var (first, second) = zone.GetAmbiguousOffsets(from);
            var overlap = first - second;
            var inFirstPass = offset == first;
            if (inFirstPass || offset == second)
            {
                var change = inFirstPass ? zone.FindChange(utc, utc + overlap) : zone.FindChange(utc - overlap, utc);
                var end = change + first;
                var local = NextLocal(from, inclusive: false);
                if (inFirstPass && local < end && local != NotFound)
                {
                    return local - first;
                }
                if (_isInterval)
                {
                    local = inFirstPass ? NextLocal(end - overlap, inclusive: true) : local;
                    if (local < end && local != NotFound)
                    {
                        return local - second;
                    }
                }
                from = end;
                inclusive = true;
            }
        }
        var next = NextLocal(from, inclusive);
        if (next == NotFound)
        {
            return NotFound;
        }
        if (zone.IsInvalid(next))
        {
            return zone.GapEnd(next);
        }
        return zone.IsAmbiguous(next)
            ? ToUtc(next, zone.GetAmbiguousOffsets(next).First)
            : ToUtc(next, zone.OffsetOfLocal(next));
    }

    /// <summary>The next local time of the expression after (or at, when <paramref name="inclusive"/>) <paramref name="local"/>, in local ticks.</summary>
    private long NextLocal(long local, bool inclusive)
    {
        if (inclusive)
        {
            local -= Second;
        }
        if (local > MaxTicks)
        {
            return NotFound;
        }
        var next = _schedule.GetNextOccurrence(new DateTime(Math.Max(local, 0)), DateTime.MaxValue);
        return next == DateTime.MaxValue ? NotFound : next.Ticks;
    }

    private static long ToUtc(long local, long offset)
    {
        var utc = local - offset;
        return utc is >= 0 and <= MaxTicks ? utc : NotFound;
    }

    private static bool TryFindZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
        {
            error = $"unknown time zone '{id}': expected an IANA id such as 'UTC' or 'Europe/London'";
            return false;
        }
        if (!zone.HasIanaId)
        {
            var hint = TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) ? $" such as '{iana}'" : "";
            error = $"time zone '{id}' is a Windows id: expected an IANA id{hint}";
            zone = null;
            return false;
        }
        return true;
    }
}
