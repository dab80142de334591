using System.Net;
using System.Net.Sockets;
using System.Text;
using Kairos.Host.Cli;

namespace Kairos.Tests.Cli;

public sealed class LoopbackHttpTests
{
    [Fact]
    public void AnAnswerWithAContentLength_IsReadToThatLength()
    {
        var answer = LoopbackHttp.Parse(Bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n[\"ä\",1]"));

        Assert.Equal(new LoopbackResponse(200, "OK", "[\"ä\",1]"), answer);
    }

    [Fact]
    public void AChunkedAnswer_IsJoinedFromItsChunks()
    {
        var answer = LoopbackHttp.Parse(Bytes("HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{\"det\r\nc;ext=1\r\nail\":\"gone\"}\r\n0\r\n\r\n"));

        Assert.Equal(new LoopbackResponse(404, "Not Found", "{\"detail\":\"gone\"}"), answer);
        Assert.False(answer.IsSuccess);
    }

    [Fact]
    public void AnAnswerThatIsNoHttp_IsARequestFailure_QuotingItsFirstLine()
    {
        var e = Assert.Throws<HttpRequestException>(() => LoopbackHttp.Parse(Bytes("SSH-2.0-OpenSSH\r\n\r\n")));

        Assert.Contains("'SSH-2.0-OpenSSH'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5081/")]
    [InlineData("http://scheduler.example:5080/")]
    public void AnEndpointItCannotReach_IsLeftToHttpClient(string url)
    {
        Assert.Null(LoopbackHttp.For(new Uri(url), [], TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ARequest_CarriesItsHeadersAndBody_AndReturnsTheAnswer()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[4096];
            while (!request.ToString().EndsWith("{\"a\":1}", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }
                request.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            await stream.WriteAsync(Bytes("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"));
            return request.ToString();
        });
        var http = LoopbackHttp.For(new Uri($"http://localhost:{port}/"), [("X-Test", "yes")], TimeSpan.FromSeconds(10))!;

        var answer = await Task.Run(() => http.Send("POST", "/api/jobs/a%20b/pause", "{\"a\":1}", CancellationToken.None));

        Assert.Equal(new LoopbackResponse(201, "Created", "ok"), answer);
        var sent = await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith($"POST /api/jobs/a%20b/pause HTTP/1.1\r\nHost: localhost:{port}\r\n", sent, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Test: yes\r\n", sent, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 7\r\n\r\n{\"a\":1}", sent, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusedConnection_IsARequestFailure_NamingTheEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var http = LoopbackHttp.For(new Uri($"http://127.0.0.1:{port}/"), [], TimeSpan.FromSeconds(10))!;

        var e = Assert.Throws<HttpRequestException>(() => http.Send("GET", "/api/jobs", null, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
