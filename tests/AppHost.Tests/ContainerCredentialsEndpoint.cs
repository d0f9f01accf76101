using System.Globalization;
using System.Net;
using System.Text.Json;

namespace AppHost.Tests;

/// <summary>
/// What ECS gives each task: an endpoint (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>) that answers temporary credentials
/// of the task role. Every fetch here is a session of its own (its own token), as two tasks' sessions are; the key
/// pair stays the one the S3 emulator verifies signatures with, so the calls still succeed.
/// </summary>
public sealed class ContainerCredentialsEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _accessKey;
    private int _sessions;

    public ContainerCredentialsEndpoint(string accessKey)
    {
        _accessKey = accessKey;
        var port = Loopback.FreePort();
        Uri = new Uri($"http://127.0.0.1:{port}/v2/credentials/task-role");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Loopback.ServeAsync(_listener, RespondAsync);
    }

    public Uri Uri { get; }

    /// <summary>The session tokens handed out so far, one per fetch.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public static string TokenOf(int session) => $"task-session-{session}";

    private async Task RespondAsync(HttpListenerContext context)
    {
        var session = Interlocked.Increment(ref _sessions);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["AccessKeyId"] = _accessKey,
            ["SecretAccessKey"] = _accessKey,
            ["Token"] = TokenOf(session),
            ["Expiration"] = DateTime.UtcNow.AddHours(6).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    public void Dispose() => _listener.Close();
}
