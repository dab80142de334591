using Kairos.Host.Operations.Endpoint;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Operations.Endpoint;

public sealed class ControlEndpointTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void OwnerOnlyFile_IsOwnerOnly_BeforeAByteIsWritten()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "secret");

        using (OwnerOnlyFile.CreateNew(path))
        {
            Assert.Equal(0, new FileInfo(path).Length);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Write_ReplacesAStaleEndpointFileReadableByOthers_WithAnOwnerOnlyOne()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }
        using var temp = new TempDirectory();
        var database = Path.Combine(temp.Path, "kairos.db");
        var file = ControlEndpoint.FileFor(database);
        File.WriteAllText(file, "http://127.0.0.1:1/\nold-token\n");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_110_110);
        var endpoint = new ControlEndpoint("http://127.0.0.1:4242/", "0123456789ABCDEF0123456789ABCDEF");

        endpoint.Write(database);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
        Assert.Equal(endpoint, ControlEndpoint.Read(database));
        Assert.Equal([file], Directory.GetFiles(temp.Path));
    }
}
