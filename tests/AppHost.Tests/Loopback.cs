using System.Net;
using System.Net.Sockets;

namespace AppHost.Tests;

/// <summary>What the tests' small HTTP stand-ins (an OTLP receiver, a path to S3) share.</summary>
public static class Loopback
{
    /// <summary>A port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>Hands each request to <paramref name="handle"/> until the listener is closed.</summary>
    public static async Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> handle)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            await handle(context);
        }
    }
}
