using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NCrontab;

namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// What NCrontab does not say about a cron text: which field is bad and why, whether the schedule can ever fire,
/// and whether it counts as an "interval" for the DST overlap rule of DESIGN.md §4.
/// </summary>
internal static class CronSyntax
{
    // Indexed by CrontabFieldKind (Second = 0 … DayOfWeek = 5).
    private static readonly FieldInfo[] Fields =
    [
        new("second", 0, 59, ""),
        new("minute", 0, 59, ""),
        new("hour", 0, 23, ""),
        new("day-of-month", 1, 31, ""),
        new("month", 1, 12, " or JAN-DEC"),
        new("day-of-week", 0, 6, " (Sunday = 0) or SUN-SAT"),
    ];

    // Longest month length by month number (index 0 unused); February counts its leap day.
    private static readonly int[] MaxDaysInMonth = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>The expression's fields, split on any whitespace (NCrontab itself splits on single spaces only).</summary>
    public static string[] Tokenize(string expression) =>
        expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Checks each field and explains the first bad one. NCrontab reads a zero, signed or oversized step as "every
    /// value" or throws on an oversized number, so steps and number lengths are checked here before it sees them.
    /// </summary>
    public static bool TryFindFieldError(string expression, string[] tokens, [NotNullWhen(true)] out string? error)
    {
        var offset = tokens.Length == 6 ? 0 : 1;
        for (var i = 0; i < tokens.Length; i++)
        {
            var kind = (CrontabFieldKind)(i + offset);
            var problem = FindLexicalProblem(tokens[i], Fields[(int)kind]) ?? FindRangeProblem(kind, tokens[i]);
            if (problem is not null)
            {
                var field = Fields[(int)kind];
                error = $"invalid cron expression '{expression}': the {field.Name} field '{tokens[i]}' {problem}; " +
                        $"expected {field.Min}-{field.Max}{field.NamesHint}, '*', a range 'a-b', a list 'a,b' or a step '*/n' or 'a-b/n'";
                return true;
            }
        }
        error = null;
        return false;
    }

    /// <summary>The fields as NCrontab reads them, separated by single spaces: <paramref name="expression"/> itself when it is so already.</summary>
    public static string SingleSpaced(string expression, string[] tokens)
    {
        var length = tokens.Length - 1;
        foreach (var token in tokens)
        {
            length += token.Length;
        }
        return expression.Length == length && expression.AsSpan().Count(' ') == tokens.Length - 1 ? expression : string.Join(' ', tokens);
    }

    /// <summary>True when a field has a problem NCrontab would not report (<see cref="TryFindFieldError"/> says which).</summary>
    public static bool HasLexicalProblem(string[] tokens)
    {
        var offset = tokens.Length == 6 ? 0 : 1;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (FindLexicalProblem(tokens[i], Fields[i + offset]) is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when the second, minute or hour field holds a <c>*</c>, a range or a step: such a schedule fires in both
    /// passes of a repeated (fall-back) hour; any other schedule fires only in the first pass. A 5-field expression
    /// has an implicit fixed second 0.
    /// </summary>
    public static bool IsInterval(string[] tokens)
    {
        var timeFields = tokens.Length == 6 ? 3 : 2;
        for (var i = 0; i < timeFields; i++)
        {
            if (tokens[i].AsSpan().IndexOfAny('*', '-', '/') >= 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>False when no selected month has any selected day (<c>0 0 30 2 *</c>); then the schedule never fires.</summary>
    public static bool CanEverFire(string dayOfMonthToken, string monthToken)
    {
        var days = CrontabField.Parse(CrontabFieldKind.Day, dayOfMonthToken);
        if (days.GetFirst() <= MaxDaysInMonth[2])
        {
            return true; // every month has this day
        }
        var months = CrontabField.Parse(CrontabFieldKind.Month, monthToken);
        for (var month = 1; month <= 12; month++)
        {
            if (months.Contains(month) && days.GetFirst() <= MaxDaysInMonth[month])
            {
                return true;
            }
        }
        return false;
    }

    private static string? FindLexicalProblem(string token, FieldInfo field)
    {
        foreach (var range in token.AsSpan().Split(','))
        {
            var item = token.AsSpan(range);
            if (item.Length == 0)
            {
                return "has an empty list item";
            }
            var slash = item.IndexOf('/');
            if (slash >= 0)
            {
                var step = item[(slash + 1)..];
                if (step.Length is 0 or > 2 || step.ContainsAnyExceptInRange('0', '9') || int.Parse(step, CultureInfo.InvariantCulture) is var value && (value < 1 || value > field.Max))
                {
                    return $"has step '{step}': a step must be a whole number from 1 to {field.Max}";
                }
            }
            var numberLength = 0;
            foreach (var c in item)
            {
                numberLength = char.IsAsciiDigit(c) ? numberLength + 1 : 0;
                if (numberLength > 2)
                {
                    return "has a number longer than two digits";
                }
            }
        }
        return null;
    }

    private static string? FindRangeProblem(CrontabFieldKind kind, string token) =>
        CrontabField.TryParse(kind, token, static _ => (string?)null, static error => Describe(error()));

    private static string Describe(Exception error)
    {
        var message = error.InnerException is CrontabException inner ? inner.Message : error.Message;
        return $"is not valid ({message.TrimEnd('.')})";
    }

    private sealed record FieldInfo(string Name, int Min, int Max, string NamesHint);
}
