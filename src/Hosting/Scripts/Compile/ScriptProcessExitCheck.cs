using Kairos.Host.Sources.Trust;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Kairos.Host.Scripts.Compile;

/// <summary>
/// Finds the calls of a script and of its <c>#load</c> files that end the host process (<see cref="ProcessEndingApis"/>),
/// on the semantic model: a name counts by the symbol it binds to, so <c>using static System.Environment;</c> with
/// <c>Exit(3)</c>, an alias <c>using E = System.Environment;</c> and <c>global::System.Environment.Exit</c> are all
/// found, and a method of the script's own that happens to be called <c>Exit</c> is not. <c>Process.Kill</c> counts where
/// its target is visibly the current process: <c>Process.GetCurrentProcess()</c>, <c>Process.GetProcessById</c> of
/// <c>Environment.ProcessId</c>, or a variable set once from one of them.
/// </summary>
internal static class ScriptProcessExitCheck
{
    public const string Id = "KRS110";

    private const int MaxDepth = 8;

    /// <summary>Each call found, as a diagnostic at its line and column in the file that contains it.</summary>
    public static IReadOnlyList<ScriptDiagnostic> Find(Compilation compilation, string rootPath, string scriptsRoot, CancellationToken cancellationToken)
    {
        var walker = new Walker(compilation, cancellationToken);
        var names = ProcessEndingApis.Members.Select(m => m.MemberName)
            .Concat(compilation.SyntaxTrees.SelectMany(t => ExternMethodNames(t.GetRoot(cancellationToken))))
            .ToHashSet(StringComparer.Ordinal);
        var found = new List<ScriptDiagnostic>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var name in tree.GetRoot(cancellationToken).DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (names.Contains(name.Identifier.ValueText) && walker.Describe(name) is { } what)
                {
                    var message = $"{ProcessEndingApis.Consequence(what)}; {ProcessEndingApis.Advice}";
                    found.Add(ScriptDiagnostic.At(Outermost(name).GetLocation(), Id, message, rootPath, scriptsRoot));
                }
            }
        }
        return found;
    }

    /// <summary>A P/Invoke may give its method any name: the names of the methods declared <c>extern</c>.</summary>
    private static IEnumerable<string> ExternMethodNames(SyntaxNode root) =>
        root.DescendantNodes().Select(n => n switch
        {
            MethodDeclarationSyntax m when m.Modifiers.Any(SyntaxKind.ExternKeyword) => m.Identifier.ValueText,
            LocalFunctionStatementSyntax f when f.Modifiers.Any(SyntaxKind.ExternKeyword) => f.Identifier.ValueText,
            _ => null,
        }).OfType<string>();

    /// <summary>Where the finding is shown: at the start of <c>System.Environment.Exit</c>, not at <c>Exit</c>.</summary>
    private static SyntaxNode Outermost(SimpleNameSyntax name) =>
        name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;

    private static string FullName(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{type.MetadataName}" : type.MetadataName;

    private static bool Is(ISymbol symbol, (string TypeName, string MemberName) member) =>
        symbol.Name == member.MemberName && symbol.ContainingType is { ContainingType: null } type && FullName(type) == member.TypeName;

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    expression = suppressed.Operand;
                    break;
                default:
                    return expression;
            }
        }
    }

    private sealed class Walker(Compilation compilation, CancellationToken cancellationToken)
    {
        private readonly Dictionary<SyntaxTree, SemanticModel> _models = [];

        private SemanticModel Model(SyntaxNode node)
        {
            if (!_models.TryGetValue(node.SyntaxTree, out var model))
            {
                model = compilation.GetSemanticModel(node.SyntaxTree);
                _models.Add(node.SyntaxTree, model);
            }
            return model;
        }

        private ISymbol? Symbol(SyntaxNode node) => Model(node).GetSymbolInfo(node, cancellationToken).Symbol;

        /// <summary>What the name calls that ends the process, or null.</summary>
        public string? Describe(SimpleNameSyntax name)
        {
            if (Symbol(name) is not IMethodSymbol method)
            {
                return null;
            }
            method = method.ReducedFrom ?? method;
            if (method.ContainingType is { ContainingType: null } type && ProcessEndingApis.Find(FullName(type), method.Name) is { } member)
            {
                return member.Scope == ProcessEndingScope.Always
                    ? member.DisplayName
                    : name.Parent is MemberAccessExpressionSyntax access && access.Name == name && IsCurrentProcess(access.Expression, 0)
                        ? $"{member.DisplayName} on the current process"
                        : null;
            }
            return method.GetDllImportData() is { } import && ProcessEndingApis.IsNativeExit(import.EntryPointName ?? method.Name)
                ? $"the native function {import.EntryPointName ?? method.Name} of {import.ModuleName}"
                : null;
        }

        private bool IsCurrentProcess(ExpressionSyntax expression, int depth)
        {
            expression = Unwrap(expression);
            if (depth > MaxDepth)
            {
                return false;
            }
            if (expression is InvocationExpressionSyntax invocation)
            {
                return Symbol(invocation) is IMethodSymbol method
                    && (Is(method, ProcessEndingApis.CurrentProcess)
                        || (Is(method, ProcessEndingApis.ProcessById) && invocation.ArgumentList.Arguments.Count == 1
                            && IsCurrentProcessId(invocation.ArgumentList.Arguments[0].Expression, depth + 1)));
            }
            return InitialValue(expression) is { } value && IsCurrentProcess(value, depth + 1);
        }

        private bool IsCurrentProcessId(ExpressionSyntax expression, int depth)
        {
            expression = Unwrap(expression);
            if (depth > MaxDepth)
            {
                return false;
            }
            if (Symbol(expression) is IPropertySymbol property)
            {
                return Is(property, ProcessEndingApis.CurrentProcessId)
                    || (Is(property, ProcessEndingApis.ProcessId) && expression is MemberAccessExpressionSyntax access && IsCurrentProcess(access.Expression, depth + 1));
            }
            return InitialValue(expression) is { } value && IsCurrentProcessId(value, depth + 1);
        }

        /// <summary>
        /// The value a local (or a script's top-level variable, which is a field) is declared with, when nothing else is
        /// ever assigned to it; otherwise its value is not statically visible.
        /// </summary>
        private ExpressionSyntax? InitialValue(ExpressionSyntax expression)
        {
            var symbol = Symbol(expression);
            if (symbol is not (ILocalSymbol or IFieldSymbol) || symbol.DeclaringSyntaxReferences.Length != 1
                || symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return null;
            }
            var assigned = compilation.SyntaxTrees
                .SelectMany(t => t.GetRoot(cancellationToken).DescendantNodes())
                .Any(n => n switch
                {
                    AssignmentExpressionSyntax assignment => Refers(assignment.Left, symbol),
                    ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => Refers(argument.Expression, symbol),
                    _ => false,
                });
            return assigned ? null : value;
        }

        private bool Refers(ExpressionSyntax expression, ISymbol symbol)
        {
            expression = Unwrap(expression);
            return expression is SimpleNameSyntax or MemberAccessExpressionSyntax
                && SymbolEqualityComparer.Default.Equals(Symbol(expression), symbol);
        }
    }
}
