using System.Net;
using System.Net.Sockets;

namespace ImageApi.Tests.Api;

/// <summary>
/// A loopback address the AWS SDK clients are pointed at: it counts every connection and closes it at once, so a call
/// that should never have been made fails fast and is counted.
/// </summary>
public sealed class AwsTripwire : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public AwsTripwire()
    {
        _listener.Start();
        Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _ = AcceptAsync();
    }

    public string Endpoint { get; }

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
