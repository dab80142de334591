using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Kairos.Host.Scripts;

/// <summary>The <c>#load</c> and <c>#r</c> directives of one script file, read with Roslyn's own parser.</summary>
internal sealed record ScriptDirectives(IReadOnlyList<string> Loads, IReadOnlyList<string> References)
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    public static ScriptDirectives Read(SourceText text, string path)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text, ParseOptions, path).GetRoot();
        return new ScriptDirectives(
            [.. root.GetLoadDirectives().Select(d => d.File.ValueText).Where(v => v.Length > 0)],
            [.. root.GetReferenceDirectives().Select(d => d.File.ValueText).Where(v => v.Length > 0)]);
    }
}
