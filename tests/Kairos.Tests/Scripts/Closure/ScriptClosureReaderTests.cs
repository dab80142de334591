using Kairos.Host.Scripts.Closure;

namespace Kairos.Tests.Scripts.Closure;

public sealed class ScriptClosureReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ScriptClosureReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_FollowsLoadDirectivesRecursively_RelativeToEachFile()
    {
        _folder.Write("lib/a.csx", "#load \"b.csx\"\nstatic int A() => B();\n");
        _folder.Write("lib/b.csx", "#load \"../lib/a.csx\"\nstatic int B() => 1;\n");
        var root = _folder.Write("job.csx", "// kairos: id = j\n#load \"lib/a.csx\"\nreturn A();\n");

        var closure = _reader.Read(root);

        Assert.Equal([Path.Combine(_folder.Path, "lib", "a.csx"), Path.Combine(_folder.Path, "lib", "b.csx")], closure.LoadedFiles);
        Assert.Equal(3, closure.Sources.Count);
    }

    [Fact]
    public void Read_ChangesTheHash_WhenALoadedFileChanges_AndKeepsIt_WhenNothingChanges()
    {
        var library = _folder.Write("lib.csx", "static string Greeting() => \"v1\";\n");
        var root = _folder.Write("job.csx", "// kairos: id = j\n#load \"lib.csx\"\nLogger.LogInformation(Greeting());\n");
        var first = _reader.Read(root);

        var unchanged = _reader.Read(root);
        File.WriteAllText(library, "static string Greeting() => \"v2\";\n");
        var changed = _reader.Read(root);

        Assert.Equal(first.ContentHash, unchanged.ContentHash);
        Assert.NotEqual(first.ContentHash, changed.ContentHash);
        Assert.Equal(12, changed.Version.Length);
    }

    [Fact]
    public void Read_ChangesTheHash_WhenAMissingLoadFileAppears()
    {
        var root = _folder.Write("job.csx", "// kairos: id = j\n#load \"later.csx\"\nreturn;\n");
        var before = _reader.Read(root);

        _folder.Write("later.csx", "static int X = 1;\n");
        var after = _reader.Read(root);

        Assert.Empty(before.LoadedFiles);
        Assert.Single(after.LoadedFiles);
        Assert.NotEqual(before.ContentHash, after.ContentHash);
    }

    [Fact]
    public void Read_ResolvesReferenceDirectives_ToFullPaths()
    {
        var dll = _folder.Write("bin/Tool.dll", "not really an assembly");
        var root = _folder.Write("job.csx", "// kairos: id = j\n#r \"bin/Tool.dll\"\nreturn;\n");

        Assert.Equal([dll], _reader.Read(root).References);
    }

    [Fact]
    public void Read_GivesTheSameVersion_ForTheSameContentInAnotherFolder()
    {
        using var other = new TempFolder();
        const string text = "// kairos: id = j\nreturn 1;\n";

        Assert.Equal(_reader.Read(_folder.Write("job.csx", text)).Version, _reader.Read(other.Write("job.csx", text)).Version);
    }
}
