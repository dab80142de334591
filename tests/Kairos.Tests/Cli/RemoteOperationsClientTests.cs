using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kairos.Host.Cli;
using Kairos.Host.Operations.Endpoint;
using Kairos.Host.Operations.Views;

namespace Kairos.Tests.Cli;

public sealed class RemoteOperationsClientTests
{
    private const string FirstPage = """
        {"runs":[{"id":"r1","jobId":"a+b","data":"{\"q\":\"é <x> & 'y'\"}","durationMs":1.50,"error":null,"tags":["x",2,true]},
                 {"id":"r2","jobId":"\u00e9t\u00e9","durationMs":12,"error":{"message":"line 1\nline 2\t\"quoted\""}}],
         "nextPage":"p2"}
        """;

    private const string SecondPage = """{"runs":[{"id":"r3","jobId":"c","durationMs":null,"nested":{"deep":[[],{}]}}],"nextPage":null}""";

    [Fact]
    public async Task History_JoinsThePagesIntoOneList_WrittenAsTheSerializerWritesTheSameItems()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            var targets = new List<string>();
            foreach (var page in new[] { FirstPage, SecondPage })
            {
                targets.Add(await AnswerAsync(listener, page));
            }
            return targets;
        });
        using var client = new RemoteOperationsClient(new ControlEndpoint($"http://127.0.0.1:{port}/", "token"));

        var json = await Task.Run(() => client.HistoryAsync(new HistoryRequest("a+b", null, 10), CancellationToken.None));

        // What the serializer writes for the same items: the pages' runs in one JSON array, in JsonOutput's form.
        var expected = new JsonArray();
        foreach (var page in new[] { FirstPage, SecondPage })
        {
            foreach (var run in JsonNode.Parse(page)!["runs"]!.AsArray().ToList())
            {
                expected.Add(run!.DeepClone());
            }
        }
        Assert.Equal(expected.ToJsonString(JsonOutput.Options), json);
        var targets = await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["/api/runs?limit=10&job=a%2Bb", "/api/runs?limit=8&job=a%2Bb&page=p2"], targets);
    }

    [Fact]
    public async Task History_StopsAtItsLimit_EvenWhenTheHostHasAnotherPage()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(() => AnswerAsync(listener, FirstPage));
        using var client = new RemoteOperationsClient(new ControlEndpoint($"http://127.0.0.1:{port}/", "token"));

        var json = await Task.Run(() => client.HistoryAsync(new HistoryRequest(null, null, 2), CancellationToken.None));

        Assert.Equal(["r1", "r2"], JsonDocument.Parse(json).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal("/api/runs?limit=2", await server.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Reads one request's head and answers <paramref name="body"/>; returns the request target.</summary>
    private static async Task<string> AnswerAsync(TcpListener listener, string body)
    {
        using var connection = await listener.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }
            request.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n\r\n"));
        await stream.WriteAsync(bytes);
        return request.ToString().Split(' ')[1];
    }
}
