using System.Globalization;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using Kairos.Host.Scripts.Compile;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kairos.Host.Scripts.Editor;

/// <summary>
/// For editors only: a small assembly with a static class, <see cref="TypeName"/>, that has a static member for each
/// public member of <see cref="ScriptGlobals"/> (same name, type and documentation). An editor's C# script support
/// (OmniSharp) has no notion of a globals object; imported with a static using it resolves <c>Logger</c>,
/// <c>Context</c>, <c>GetDataString(...)</c> as the host's compile does. The members only throw: nothing runs them.
/// </summary>
internal static class EditorGlobals
{
    public const string AssemblyName = "Kairos.EditorGlobals";
    public const string TypeName = "Kairos.Editor.ScriptGlobals";

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(string)] = "string", [typeof(object)] = "object", [typeof(bool)] = "bool",
        [typeof(int)] = "int", [typeof(long)] = "long", [typeof(double)] = "double", [typeof(decimal)] = "decimal",
    };

    /// <summary>
    /// The namespaces an editor imports: the host's (<see cref="ScriptReferences.Imports"/>) but those, other than
    /// <c>System</c>, with a type named like a member of the globals. Imported beside the static class, such a type makes
    /// the name ambiguous (CS0229), where the host's globals object wins over its imports: with <c>System.Threading</c>
    /// imported, <c>CancellationToken</c> would not resolve in the editor. Its other types are written qualified there
    /// (<c>System.Threading.Timeout.Infinite</c>), as the host accepts too. <c>System</c> stays, so the editor finds
    /// <c>TimeProvider</c> ambiguous: <c>Context.TimeProvider</c> is the same clock.
    /// </summary>
    public static IReadOnlyList<string> Imports(ScriptReferences references)
    {
        var members = typeof(ScriptGlobals).GetMembers(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var compilation = CSharpCompilation.Create("imports", references: references.MetadataReferences);
        return [.. ScriptReferences.Imports.Where(import =>
            import == "System" || !members.Any(m => compilation.GetTypeByMetadataName(import + "." + m) is not null))];
    }

    /// <summary>The C# source of the static class, built from <see cref="ScriptGlobals"/> by reflection.</summary>
    public static string Source()
    {
        var docs = Documentation();
        var nullability = new NullabilityInfoContext();
        var code = new StringBuilder();
        code.AppendLine("#nullable enable").AppendLine("namespace Kairos.Editor;").AppendLine();
        code.AppendLine("/// <summary>For the editor only: what the host gives a script as its globals (the host's <c>ScriptGlobals</c>). Nothing runs this.</summary>");
        code.AppendLine("public static class ScriptGlobals").AppendLine("{");
        foreach (var property in typeof(ScriptGlobals).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            AppendDoc(code, docs, "P:" + typeof(ScriptGlobals).FullName + "." + property.Name);
            AppendObsolete(code, property);
            code.AppendLine(CultureInfo.InvariantCulture, $"    public static {Name(property.PropertyType, nullability.Create(property))} {property.Name} => throw null!;");
        }
        foreach (var method in typeof(ScriptGlobals).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName))
        {
            var parameters = method.GetParameters();
            AppendDoc(code, docs, $"M:{typeof(ScriptGlobals).FullName}.{method.Name}({string.Join(",", parameters.Select(p => p.ParameterType.FullName))})");
            AppendObsolete(code, method);
            var list = string.Join(", ", parameters.Select(p => $"{Name(p.ParameterType, nullability.Create(p))} {p.Name}"));
            code.AppendLine(CultureInfo.InvariantCulture, $"    public static {Name(method.ReturnType, nullability.Create(method.ReturnParameter))} {method.Name}({list}) => throw null!;");
        }
        return code.AppendLine("}").ToString();
    }

    /// <summary>Compiles <see cref="Source"/> against the assemblies scripts compile against; the image and its XML documentation.</summary>
    public static (byte[] Image, byte[] Documentation) Compile(ScriptReferences references)
    {
        var tree = CSharpSyntaxTree.ParseText(Source(), new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse));
        var compilation = CSharpCompilation.Create(AssemblyName, [tree], references.MetadataReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));
        using var image = new MemoryStream();
        using var documentation = new MemoryStream();
        var emit = compilation.Emit(image, xmlDocumentationStream: documentation);
        if (!emit.Success)
        {
            throw new InvalidOperationException("the editor globals do not compile: " + string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return (image.ToArray(), documentation.ToArray());
    }

    private static void AppendDoc(StringBuilder code, Dictionary<string, XElement> docs, string member)
    {
        if (!docs.TryGetValue(member, out var doc))
        {
            return;
        }
        foreach (var element in doc.Elements())
        {
            foreach (var line in element.ToString(SaveOptions.DisableFormatting).Split('\n'))
            {
                code.Append("    /// ").AppendLine(line.TrimEnd('\r'));
            }
        }
    }

    private static void AppendObsolete(StringBuilder code, MemberInfo member)
    {
        if (member.GetCustomAttribute<ObsoleteAttribute>() is { } obsolete)
        {
            code.AppendLine(CultureInfo.InvariantCulture, $"    [System.Obsolete({SymbolDisplay.FormatLiteral(obsolete.Message ?? "", quote: true)})]");
        }
    }

    /// <summary>The documentation of the host's members, from <c>Kairos.Hosting.xml</c> beside it; empty when it is not there.</summary>
    private static Dictionary<string, XElement> Documentation()
    {
        var path = Path.ChangeExtension(typeof(ScriptGlobals).Assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return [];
        }
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name")?.Value.Contains(".ScriptGlobals.", StringComparison.Ordinal) == true)
            .ToDictionary(m => m.Attribute("name")!.Value, m => m, StringComparer.Ordinal);
    }

    private static string Name(Type type, System.Reflection.NullabilityInfo nullability)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return !type.IsValueType && nullability.ReadState == NullabilityState.Nullable ? keyword + "?" : keyword;
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying, nullability) + "?";
        }
        var name = type.IsGenericType
            ? $"global::{type.Namespace}.{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<" +
              string.Join(", ", type.GetGenericArguments().Select((a, i) => Name(a, nullability.GenericTypeArguments[i]))) + ">"
            : "global::" + (type.FullName ?? type.Name).Replace('+', '.');
        return !type.IsValueType && nullability.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }
}
