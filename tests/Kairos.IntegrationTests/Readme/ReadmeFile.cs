using System.Text.RegularExpressions;

namespace Kairos.IntegrationTests.Readme;

/// <summary>
/// The repository's README.md and its tested code blocks: each is marked by an HTML comment on the line before its
/// fence, <c>&lt;!-- readme-test: NAME --&gt;</c>, and is used exactly as written.
/// </summary>
internal static partial class ReadmeFile
{
    /// <summary>The repository root: the folder above the test binaries that holds Plugins.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration the tests were built in (Debug or Release), as the bin folder's parent says.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The text of the block marked <paramref name="name"/>; fails unless exactly one block has that mark.</summary>
    public static string Block(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var blocks = MarkedBlock().Matches(text).Where(m => m.Groups["name"].Value == name).ToList();
        return blocks.Count == 1
            ? blocks[0].Groups["body"].Value
            : throw new InvalidOperationException($"README.md has {blocks.Count} code blocks marked '<!-- readme-test: {name} -->': expected exactly one");
    }

    [GeneratedRegex(@"^<!-- readme-test: (?<name>[\w.-]+) -->\n```[\w-]*\n(?<body>.*?\n)```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Plugins.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Plugins.sln above {AppContext.BaseDirectory}");
    }
}
