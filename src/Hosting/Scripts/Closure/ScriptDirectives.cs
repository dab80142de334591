using System.Text.RegularExpressions;

namespace Kairos.Host.Scripts.Closure;

/// <summary>
/// The <c>#load</c> and <c>#r</c> directives of one script file, read from its text without Roslyn (so a restart
/// that takes everything from the cache never loads the compiler). C# allows these directives only before the first
/// token of code, so the leading blank, comment and directive lines are all there is to read; a directive elsewhere
/// fails the compile, and the compiler checks after each compile that it saw no file this reading missed.
/// </summary>
internal sealed partial record ScriptDirectives(IReadOnlyList<string> Loads, IReadOnlyList<string> References)
{
    public static ScriptDirectives Read(string text)
    {
        var loads = new List<string>();
        var references = new List<string>();
        var inBlockComment = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (inBlockComment)
            {
                inBlockComment = !line.Contains("*/", StringComparison.Ordinal);
                continue;
            }
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            if (line.StartsWith("/*", StringComparison.Ordinal))
            {
                inBlockComment = line.IndexOf("*/", 2, StringComparison.Ordinal) < 0;
                continue;
            }
            if (!line.StartsWith('#'))
            {
                break;
            }
            var match = Directive().Match(line);
            if (match.Success)
            {
                (match.Groups["kind"].Value == "load" ? loads : references).Add(match.Groups["path"].Value);
            }
        }
        return new ScriptDirectives(loads, references);
    }

    [GeneratedRegex("""^#\s*(?<kind>load|r)\s+"(?<path>[^"]+)"(\s*(//.*)?)$""")]
    private static partial Regex Directive();
}
