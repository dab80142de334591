namespace Kairos.Host.Scripts.Header;

/// <summary>
/// Finds the <c>// kairos:</c> lines of a script without compiling it. The header is the leading part of the file
/// made of blank lines, comments and directives (<c>#r</c>, <c>#load</c>, <c>#!</c>); a <c>// kairos:</c> line after
/// the first line of code is returned with <see cref="ScriptHeaderLine.AfterCode"/> set so it can be reported.
/// </summary>
internal static class ScriptHeaderScanner
{
    private const string Marker = "kairos:";

    public static bool HasHeader(string text) => Scan(text).Any(l => !l.AfterCode);

    public static IEnumerable<ScriptHeaderLine> Scan(string text)
    {
        var inHeader = true;
        var inBlockComment = false;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (inBlockComment)
            {
                inBlockComment = !line.Contains("*/", StringComparison.Ordinal);
                continue;
            }
            if (trimmed.Length == 0)
            {
                continue;
            }
            if (trimmed.StartsWith("/*", StringComparison.Ordinal))
            {
                inBlockComment = trimmed.IndexOf("*/", 2, StringComparison.Ordinal) < 0;
                continue;
            }
            if (trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                if (TryReadEntry(line, lineNumber, !inHeader, out var entry))
                {
                    yield return entry;
                }
                continue;
            }
            if (inHeader && trimmed.StartsWith('#'))
            {
                continue;
            }
            inHeader = false;
        }
    }

    private static bool TryReadEntry(string line, int lineNumber, bool afterCode, out ScriptHeaderLine entry)
    {
        entry = default;
        var slashes = line.IndexOf("//", StringComparison.Ordinal);
        var at = SkipSpaces(line, slashes + 2);
        if (string.Compare(line, at, Marker, 0, Marker.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }
        var keyStart = SkipSpaces(line, at + Marker.Length);
        var equals = line.IndexOf('=', keyStart);
        if (equals < 0)
        {
            entry = new ScriptHeaderLine(lineNumber, keyStart + 1, line[keyStart..].Trim(), keyStart + 1, "", afterCode, Malformed: true);
            return true;
        }
        var key = line[keyStart..equals].Trim();
        var valueStart = SkipSpaces(line, equals + 1);
        var value = valueStart < line.Length ? line[valueStart..].TrimEnd() : "";
        entry = new ScriptHeaderLine(lineNumber, keyStart + 1, key, valueStart + 1, value, afterCode, Malformed: key.Length == 0);
        return true;
    }

    private static int SkipSpaces(string line, int index)
    {
        while (index < line.Length && char.IsWhiteSpace(line[index]))
        {
            index++;
        }
        return index;
    }
}
