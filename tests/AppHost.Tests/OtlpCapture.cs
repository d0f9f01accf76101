using System.Net;
using System.Text;

namespace AppHost.Tests;

/// <summary>
/// Stands in for the Aspire dashboard's (or the ADOT collector's) OTLP/HTTP receiver on a loopback port and keeps the
/// metric exports it receives, so a test can see which instruments the API exported. The load benchmark exports to it
/// too, so the API pays the full cost of exporting without a collector installed.
/// </summary>
public sealed class OtlpCapture : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<byte[]> _metrics = [];
    private readonly List<string> _otherSignals = [];
    private long _exports;

    public OtlpCapture()
    {
        Endpoint = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(() => Loopback.ServeAsync(_listener, ReceiveAsync));
    }

    public Uri Endpoint { get; }

    /// <summary>Exports of any signal received so far.</summary>
    public long Exports => Interlocked.Read(ref _exports);

    /// <summary>Whether any metric export so far contains <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
    public bool MetricsContain(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        lock (_metrics) return _metrics.Any(export => export.AsSpan().IndexOf(needle) >= 0);
    }

    /// <summary>The paths of exports that were not metrics (/v1/traces, /v1/logs).</summary>
    public IReadOnlyList<string> OtherSignals
    {
        get
        {
            lock (_otherSignals) return [.. _otherSignals];
        }
    }

    private async Task ReceiveAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        Interlocked.Increment(ref _exports);
        if (context.Request.Url!.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal))
        {
            lock (_metrics) _metrics.Add(body.ToArray());
        }
        else
        {
            lock (_otherSignals) _otherSignals.Add(context.Request.Url.AbsolutePath);
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.Close();
    }

    public void Dispose() => _listener.Close();
}
