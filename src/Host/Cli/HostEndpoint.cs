using System.Net;
using System.Net.Sockets;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Endpoint;
using Kairos.Host.Storage.LiteDb;

namespace Kairos.Host.Cli;

/// <summary>
/// The control endpoint of the host that holds a store, as the CLI finds it. A host takes the store's lock before its
/// control API listens, and a killed host leaves its endpoint file behind: in the moments after a host starts, the
/// file may be missing or name the dead host's port. The CLI then waits (up to <see cref="StartWait"/>) for the
/// endpoint to answer, and opens the store itself if the host let go of it meanwhile.
/// </summary>
internal static class HostEndpoint
{
    /// <summary>How long a host that holds the store may take to open its control API.</summary>
    public static readonly TimeSpan StartWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The endpoint of the host holding <paramref name="databasePath"/> once it answers; null when no host holds the
    /// store any more (the caller opens it). After <see cref="StartWait"/>, the endpoint found (whose call then reports
    /// that the host did not answer), or an error saying the host has no control API.
    /// </summary>
    public static ControlEndpoint? Find(string databasePath)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        var fullPath = Path.GetFullPath(databasePath);
        while (true)
        {
            var endpoint = ControlEndpoint.Read(databasePath);
            if (endpoint is not null && Answers(endpoint))
            {
                return endpoint;
            }
            if (!StoreFileLock.IsHeld(fullPath))
            {
                return null;
            }
            if (time.GetElapsedTime(started) >= StartWait)
            {
                return endpoint ?? throw new OperationException(
                    $"store '{databasePath}' is held by a running host that has no control API (Kairos:ControlApi is off)");
            }
            Thread.Sleep(Poll);
        }
    }

    /// <summary>True when something accepts connections on the endpoint's loopback port (within a second).</summary>
    private static bool Answers(ControlEndpoint endpoint)
    {
        // A blocking connect, bounded by the send timeout (Linux applies SO_SNDTIMEO to connect): no async socket
        // machinery (its event loop thread), and no exception on the usual path, where the host answers at once.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { SendTimeout = 1000 };
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, new Uri(endpoint.Url).Port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
