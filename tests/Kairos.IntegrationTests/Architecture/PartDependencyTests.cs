using System.Text.RegularExpressions;
using Kairos.IntegrationTests.Readme;

namespace Kairos.IntegrationTests.Architecture;

/// <summary>
/// Issue #13: the parts of Kairos.Hosting (its top-level folders: Catalog, Chaining, Scheduling, Execution...) use each
/// other one way, in the order data flows. Read from the sources: a namespace uses another when its code names a type
/// declared there that a using directive (or an enclosing namespace) brings in. Hosting/ is the composition root
/// (AddKairos registers every part, and every part reads KairosOptions), so it is left out of the one-way rule; the
/// parts use of it only its public types (the options, the builder).
/// </summary>
public sealed partial class PartDependencyTests
{
    private const string Hosting = "Kairos.Host.Hosting";

    /// <summary>Each source file of src/Hosting: its namespace and its text.</summary>
    private static readonly Lazy<List<(string Namespace, string Text)>> Files = new(ReadFiles);

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Uses = new(Read);

    /// <summary>What the parts may use of Hosting/ besides its public types: the options' reading of their store setting.</summary>
    private static readonly string[] AlsoAllowed = ["StoreKind"];

    [Fact]
    public void Namespaces_OfDifferentParts_NeverUseEachOther()
    {
        var pairs = Uses.Value.SelectMany(a => a.Value.Where(b => string.CompareOrdinal(a.Key, b) < 0
                && Part(a.Key) != Part(b) && Part(a.Key) != "Hosting" && Part(b) != "Hosting"
                && Uses.Value.TryGetValue(b, out var back) && back.Contains(a.Key))
            .Select(b => $"{a.Key} <-> {b}"))
            .ToList();

        Assert.True(pairs.Count == 0, $"expected each pair of parts to depend one way: {string.Join("; ", pairs)}");
    }

    [Fact]
    public void Catalog_UsesNothingOfChaining()
    {
        var used = Uses.Value.Where(n => Part(n.Key) == "Catalog").SelectMany(n => n.Value).Where(b => Part(b) == "Chaining").ToList();

        Assert.True(used.Count == 0, $"the catalog must not know Chaining (chaining uses the catalog): it uses {string.Join(", ", used)}");
    }

    [Fact]
    public void Chaining_UsesTheCatalog()
    {
        // The reading must see a use it is about, or the tests above could pass on nothing.
        Assert.Contains("Kairos.Host.Catalog", Uses.Value["Kairos.Host.Chaining"]);
    }

    [Fact]
    public void Telemetry_UsesNoPartButTheOptionsAndTheRunRecord()
    {
        var used = Uses.Value.Where(n => Part(n.Key) == "Telemetry").SelectMany(n => n.Value)
            .Where(b => Part(b) is not ("Telemetry" or "Hosting" or "Storage")).ToList();

        Assert.True(used.Count == 0, $"Telemetry is a leaf (the parts use its metrics): it uses {string.Join(", ", used)}");
    }

    [Fact]
    public void Parts_UseFromHosting_OnlyItsPublicTypes()
    {
        var publicTypes = Files.Value.Where(f => f.Namespace == Hosting)
            .SelectMany(f => PublicTypeDeclaration().Matches(f.Text).Select(m => m.Groups[1].Value))
            .Concat(AlsoAllowed)
            .ToHashSet(StringComparer.Ordinal);

        var used = UsesOfHosting().Where(u => !publicTypes.Contains(u.Type)).Select(u => $"{u.Namespace} uses {u.Type}").ToList();

        Assert.True(used.Count == 0,
            "Hosting/ is the composition root: the parts use of it only its public types (the options, the builder); "
            + $"what they share goes to a part (Text/, Settings/): {string.Join("; ", used)}");
    }

    [Fact]
    public void UsesOfHosting_SeeThePartsReadingTheOptions()
    {
        // The reading must see a use it is about, or the test above could pass on nothing.
        Assert.Contains(("Kairos.Host.Scheduling.Loop", "KairosOptions"), UsesOfHosting());
    }

    /// <summary>The types of Hosting/ that each namespace outside it names, by the same reading as <see cref="Read"/>.</summary>
    private static HashSet<(string Namespace, string Type)> UsesOfHosting()
    {
        var declared = Files.Value.Where(f => f.Namespace == Hosting)
            .SelectMany(f => TypeDeclaration().Matches(f.Text).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        var own = Files.Value
            .SelectMany(f => TypeDeclaration().Matches(f.Text).Select(m => (Type: m.Groups[1].Value, f.Namespace)))
            .ToHashSet();
        var uses = new HashSet<(string Namespace, string Type)>();
        foreach (var (ns, text) in Files.Value.Where(f => f.Namespace != Hosting && !f.Namespace.StartsWith(Hosting + ".", StringComparison.Ordinal)))
        {
            if (!UsingDirective().Matches(text).Any(m => m.Groups[1].Value == Hosting))
            {
                continue;
            }
            var code = LineComment().Replace(text, "");
            foreach (var name in Identifier().Matches(code).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (declared.Contains(name) && !own.Contains((name, ns)))
                {
                    uses.Add((ns, name));
                }
            }
        }
        return uses;
    }

    /// <summary>The part of <paramref name="ns"/>: Kairos.Host.Scheduling.Cron is in Scheduling.</summary>
    private static string Part(string ns) => ns.Split('.') is { Length: > 2 } segments ? segments[2] : ns;

    /// <summary>Each namespace of src/Hosting, with the other namespaces of src/Hosting whose types it names.</summary>
    private static Dictionary<string, HashSet<string>> Read()
    {
        var files = Files.Value;
        var declared = files
            .SelectMany(f => TypeDeclaration().Matches(f.Text).Select(m => (Type: m.Groups[1].Value, f.Namespace)))
            .GroupBy(d => d.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(d => d.Namespace).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (ns, text) in files)
        {
            var segments = ns.Split('.');
            var visible = UsingDirective().Matches(text).Select(m => m.Groups[1].Value)
                .Concat(Enumerable.Range(1, segments.Length - 1).Select(n => string.Join('.', segments[..n])))
                .ToHashSet(StringComparer.Ordinal);
            var code = LineComment().Replace(text, "");
            if (!uses.TryGetValue(ns, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                uses[ns] = set;
            }
            foreach (var name in Identifier().Matches(code).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (declared.TryGetValue(name, out var homes) && !homes.Contains(ns))
                {
                    set.UnionWith(homes.Where(visible.Contains));
                }
            }
        }
        return uses;
    }

    private static List<(string Namespace, string Text)> ReadFiles()
    {
        var root = Path.Combine(ReadmeFile.RepositoryRoot, "src", "Hosting");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f))
            .Select(text => (Namespace: Namespace().Match(text).Groups[1].Value, Text: text))
            .Where(f => f.Namespace.Length > 0)
            .ToList();
    }

    [GeneratedRegex(@"^public\s+(?:(?:sealed|static|abstract|partial)\s+)*(?:class|record|struct|interface|enum)\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex PublicTypeDeclaration();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"^using\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();
}
