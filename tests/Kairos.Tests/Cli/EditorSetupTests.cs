using System.Text.Json;
using Kairos.Host.Cli;
using Kairos.Host.Scripts.Compile;

namespace Kairos.Tests.Cli;

public sealed class EditorSetupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string OmniSharpJson => Path.Combine(_folder.Path, "omnisharp.json");

    [Fact]
    public void Write_WritesOmniSharpSettings_AndAResponseFileWithTheHostsImportsAndSharedAssemblies()
    {
        var written = EditorSetup.Write(_folder.Path, force: false);

        Assert.All(written, w => Assert.Equal(EditorSetup.Wrote, w.What));
        var script = JsonDocument.Parse(File.ReadAllText(OmniSharpJson)).RootElement.GetProperty("script");
        Assert.True(script.GetProperty("enabled").GetBoolean());
        Assert.Equal("net10.0", script.GetProperty("defaultTargetFramework").GetString());
        var rsp = script.GetProperty("rspFilePath").GetString()!;
        Assert.Equal(Path.Combine(_folder.Path, ".kairos", "kairos.rsp"), rsp);
        var lines = File.ReadAllLines(rsp);
        Assert.Equal([.. ScriptReferences.Imports.Where(i => i != "System.Threading"), "Kairos.Editor.ScriptGlobals"],
            lines.Where(l => l.StartsWith("/u:", StringComparison.Ordinal)).Select(l => l[3..]));
        Assert.All(ScriptReferences.SharedAssemblies, a => Assert.Contains($"/r:\"{Path.Combine(_folder.Path, ".kairos", Path.GetFileName(a.Location))}\"", lines));
        Assert.All(lines.Where(l => l.StartsWith("/r:", StringComparison.Ordinal)), l => Assert.True(File.Exists(l[4..^1]), l));
    }

    [Fact]
    public void Write_AgainChangesNothing()
    {
        EditorSetup.Write(_folder.Path, force: false);

        var again = EditorSetup.Write(_folder.Path, force: false);

        Assert.All(again, w => Assert.Equal(EditorSetup.Unchanged, w.What));
    }

    [Fact]
    public void Write_KeepsAFileTheUserChanged_UnlessForced()
    {
        EditorSetup.Write(_folder.Path, force: false);
        File.WriteAllText(OmniSharpJson, """{ "script": { "enabled": false } }""");

        var kept = EditorSetup.Write(_folder.Path, force: false);
        var keptText = File.ReadAllText(OmniSharpJson);
        var forced = EditorSetup.Write(_folder.Path, force: true);

        Assert.Equal(EditorSetup.Kept, kept.Single(w => w.Path == OmniSharpJson).What);
        Assert.Equal("""{ "script": { "enabled": false } }""", keptText);
        Assert.Equal(EditorSetup.Updated, forced.Single(w => w.Path == OmniSharpJson).What);
        Assert.True(JsonDocument.Parse(File.ReadAllText(OmniSharpJson)).RootElement.GetProperty("script").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public void Write_KeepsAnOmniSharpJsonItDidNotWrite()
    {
        File.WriteAllText(OmniSharpJson, "{}");

        var written = EditorSetup.Write(_folder.Path, force: false);

        Assert.Equal(EditorSetup.Kept, written.Single(w => w.Path == OmniSharpJson).What);
        Assert.Equal("{}", File.ReadAllText(OmniSharpJson));
    }
}
