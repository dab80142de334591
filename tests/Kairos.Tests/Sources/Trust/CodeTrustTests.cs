using Kairos.Host.Sources.Trust;

namespace Kairos.Tests.Sources.Trust;

/// <summary>The one trust rule for plugins and scripts: which parts of a path may be writable by other users.</summary>
public sealed class CodeTrustTests : IDisposable
{
    private const UnixFileMode Open = (UnixFileMode)0b111_111_111;
    private const UnixFileMode Sticky = Open | UnixFileMode.StickyBit;
    private readonly Kairos.Tests.Plugins.TempFolder _temp = new();

    public CodeTrustTests()
    {
        // Above the test's folder: /tmp has the sticky bit, which an ancestor may have.
        Root = Directory.CreateDirectory(Path.Combine(_temp.Path, "watched")).FullName;
    }

    private string Root { get; }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Check_PassesASafePath_WithStickyFoldersAbove()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var file = _temp.File("watched/team/job.csx");
        File.SetUnixFileMode(_temp.Path, Sticky);

        var trust = new CodeTrust(Root, "script");

        Assert.Null(trust.Check(file));
        Assert.Empty(trust.Found);
    }

    [Theory]
    [InlineData("watched", 0b111_111_111)]
    [InlineData("watched", 0b1_111_111_111)] // the sticky bit does not make a folder of code safe
    [InlineData("watched/team", 0b1_111_111_111)]
    [InlineData("watched/team/job.csx", 0b110_110_110)]
    public void Check_RefusesTheFile_TheWatchedFolderAndEveryFolderBetween_WhenOthersMayWriteThem(string part, int mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var file = _temp.File("watched/team/job.csx");
        var path = Path.Combine(_temp.Path, part);
        File.SetUnixFileMode(path, (UnixFileMode)mode);

        var found = new CodeTrust(Root, "script").Check(file);

        Assert.Equal(path, found?.Path);
        Assert.StartsWith($"'{path}' is writable by every user (mode {Convert.ToString(mode, 8)})", found!.Describe("script"), StringComparison.Ordinal);
        Assert.EndsWith($"so Kairos loads no new or changed script from there; run 'chmod o-w {path}'", found.Describe("script"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RefusesAFolderAboveTheWatchedOne_WhenOthersMayWriteItWithoutTheStickyBit()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var file = _temp.File("watched/job.csx");
        File.SetUnixFileMode(_temp.Path, Open);

        var found = new CodeTrust(Root, "plugin").Check(file);

        Assert.Equal(_temp.Path, found?.Path);
        Assert.Contains("so anyone may move what is below it away", found!.Describe("plugin"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RefusesTheFolderOfAFileOutsideTheWatchedFolder_EvenWithTheStickyBit()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var loaded = _temp.File("shared/helper.csx");
        File.SetUnixFileMode(Path.GetDirectoryName(loaded)!, Sticky);

        Assert.Equal(Path.GetDirectoryName(loaded), new CodeTrust(Root, "script").Check(loaded)?.Path);
    }

    [Fact]
    public void Check_ReportsTheOutermostUnsafePath_AndFoundListsEach()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var file = _temp.File("watched/job.csx");
        File.SetUnixFileMode(file, Open);
        File.SetUnixFileMode(Root, Open);

        var trust = new CodeTrust(Root, "script");

        Assert.Equal(Root, trust.Check(file)?.Path);
        Assert.Equal([Root, file], trust.Found.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Check_ReadsTheModeOfASymbolicLinksTarget_NotOfTheLinkItself()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var target = _temp.File("elsewhere/job.csx");
        File.SetUnixFileMode(target, (UnixFileMode)0b110_100_100);
        var link = Path.Combine(Root, "job.csx");
        File.CreateSymbolicLink(link, target); // a link's own mode is always 777

        Assert.Null(new CodeTrust(Root, "script").Check(link));
        File.SetUnixFileMode(target, (UnixFileMode)0b110_110_110);
        Assert.Equal(link, new CodeTrust(Root, "script").Check(link)?.Path);
    }

    [Fact]
    public void Refusal_IsNull_ForAMissingOrSafeFolder()
    {
        Assert.Null(CodeTrust.Refusal(Path.Combine(Root, "missing"), "script"));
        Assert.Null(CodeTrust.Refusal(Root, "script"));
    }
}
