using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;

namespace Kairos.Tests.Scripts.Compile;

/// <summary>
/// What a debugger needs to stop at a breakpoint set in a <c>.csx</c> file: the portable PDB embedded in the image, a
/// document named by the script's real path whose checksum is that of the file's bytes (debuggers refuse a source that
/// does not match), and sequence points on the script's lines.
/// </summary>
public sealed class ScriptDebugInfoTests : IDisposable
{
    private const string Text = "// kairos: id = debug.sample\n\nvar total = 1 + 2;\nLogger.LogInformation(\"{Total}\", total);\n";

    private static readonly ScriptReferences References = new();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Compile_EmbedsAPortablePdb_WithTheScriptsRealPathChecksumAndLines()
    {
        var path = _folder.Write("ops/debug.csx", Text);
        var image = CompileImage(path, new ScriptCompiler(References));

        using var pe = new PEReader(new MemoryStream(image));
        var embedded = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        var pdb = provider.GetMetadataReader();
        var document = pdb.Documents.Select(pdb.GetDocument).Single(d => pdb.GetString(d.Name) == path);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(path)), pdb.GetBlobBytes(document.Hash));
        var lines = pdb.MethodDebugInformation
            .Select(pdb.GetMethodDebugInformation)
            .Where(m => !m.SequencePointsBlob.IsNil)
            .SelectMany(m => m.GetSequencePoints())
            .Where(p => !p.IsHidden && pdb.GetString(pdb.GetDocument(p.Document).Name) == path)
            .Select(p => p.StartLine)
            .ToHashSet();
        Assert.Contains(3, lines);
        Assert.Contains(4, lines);
    }

    [Fact]
    public void Compile_MatchesTheFileChecksum_WhenTheFileHasAByteOrderMark()
    {
        var path = Path.Combine(_folder.Path, "bom.csx");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Text)]);
        var image = CompileImage(path, new ScriptCompiler(References));

        using var pe = new PEReader(new MemoryStream(image));
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb));
        var pdb = provider.GetMetadataReader();
        var document = pdb.Documents.Select(pdb.GetDocument).Single(d => pdb.GetString(d.Name) == path);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(path)), pdb.GetBlobBytes(document.Hash));
    }

    [Fact]
    public void Compile_IsOptimized_UnlessDebugIsAsked()
    {
        var path = _folder.Write("opt.csx", Text);

        Assert.True(IsOptimized(CompileImage(path, new ScriptCompiler(References))));
        Assert.False(IsOptimized(CompileImage(path, new ScriptCompiler(References, debug: true))));
    }

    [Fact]
    public void Fingerprint_Differs_ForADebugBuild()
    {
        Assert.NotEqual(new ScriptCompiler(References).Fingerprint, new ScriptCompiler(References, debug: true).Fingerprint);
    }

    /// <summary>
    /// Reads the assembly's <c>[Debuggable(DebuggingModes)]</c>: a Debug build has <c>DisableOptimizations</c> (0x100),
    /// a Release build only <c>IgnoreSymbolStoreSequencePoints</c>.
    /// </summary>
    private static bool IsOptimized(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var metadata = pe.GetMetadataReader();
        var debuggable = metadata.GetAssemblyDefinition().GetCustomAttributes().Select(metadata.GetCustomAttribute).Single(a =>
            a.Constructor.Kind == HandleKind.MemberReference
            && metadata.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
            && metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name) == "DebuggableAttribute");
        var value = metadata.GetBlobReader(debuggable.Value);
        Assert.Equal(1, value.ReadUInt16()); // the custom attribute blob's prolog
        return (value.ReadInt32() & 0x100) == 0;
    }

    private byte[] CompileImage(string path, ScriptCompiler compiler)
    {
        var closure = new ScriptClosureReader().Read(path);
        var result = compiler.Compile(closure, ScriptCacheKey.AssemblyName(Path.GetFileName(path), closure.Version), _folder.Path, CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Image!;
    }
}
