using System.Net;

namespace LoadBenchmark;

/// <summary>
/// Stands in for an OpenTelemetry collector: accepts OTLP/HTTP exports and answers 200, so the API pays the full cost of
/// exporting its traces, metrics and logs without a collector installed.
/// </summary>
public sealed class OtlpSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private long _exports;

    public OtlpSink(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public Uri Endpoint { get; }

    public long Exports => Interlocked.Read(ref _exports);

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref _exports);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            });
        }
    }

    public void Dispose() => _listener.Close();
}
