using System.Net;
using Aspire.Hosting.Testing;

namespace AppHost.Tests;

/// <summary>
/// One client of the fleet: a user of its own and a client address of its own (sent as X-Forwarded-For, as the load
/// balancer sends it), so its per-caller limits are its own. It calls through the shared address or one instance directly.
/// </summary>
public sealed class FleetCaller : IDisposable
{
    private static readonly TimeSpan PatienceDeadline = TimeSpan.FromMinutes(2);
    private static int _callers;

    private readonly FleetFixture _fleet;
    private readonly List<HttpClient> _clients = [];

    public FleetCaller(FleetFixture fleet)
    {
        _fleet = fleet;
        // TEST-NET-2, a range no real client has.
        Address = $"198.51.100.{Interlocked.Increment(ref _callers)}";
        Shared = Client(fleet.App.GetEndpoint("imageapi", "http"));
        Instances = [.. fleet.Instances.Select(replica => Client(replica.Address))];
    }

    public string Address { get; }

    public string UserId { get; } = ImageApiClient.NewUserId();

    /// <summary>Through the address the AppHost exposes, which spreads requests over the instances.</summary>
    public ImageApiClient Shared { get; }

    /// <summary>Straight to each instance, in the order of <see cref="FleetFixture.Instances"/>.</summary>
    public IReadOnlyList<ImageApiClient> Instances { get; }

    public Task<string> UploadAsync(byte[] bytes, string contentType = "image/png") =>
        _fleet.UploadAsync(UserId, bytes, contentType, through: Shared);

    /// <summary>Confirms as a patient client does: a busy answer (429, 503) is asked again after its Retry-After.</summary>
    public async Task<HttpResponseMessage> ConfirmPatientlyAsync(ImageApiClient on, string imageId)
    {
        var deadline = DateTime.UtcNow + PatienceDeadline;
        while (true)
        {
            var response = await on.Http.PostAsync($"/images/{imageId}/complete", null);
            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || DateTime.UtcNow > deadline)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }

    private ImageApiClient Client(Uri address)
    {
        var http = new HttpClient(new ServerErrorLogHandler(_fleet) { InnerHandler = new ConformanceHandler(_fleet.Conformance) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", Address);
        _clients.Add(http);
        return new ImageApiClient(http);
    }
}

/// <summary>
/// A 5xx the contract does not document is a bug in the API, and its cause is in a replica's log, not in the answer:
/// the failure then carries the end of each replica's log, so an intermittent one can be diagnosed from CI's output.
/// </summary>
internal sealed class ServerErrorLogHandler(FleetFixture fleet) : DelegatingHandler
{
    private const int Lines = 60;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (OpenApiViolationException violation) when (violation.Message.Contains("→ 5", StringComparison.Ordinal))
        {
            var logs = await fleet.LogLinesAsync("", TimeSpan.FromSeconds(2));
            var tails = logs.Select(log => $"--- {log.Key.ResourceId}, last {Lines} lines:\n{string.Join("\n", log.Value.TakeLast(Lines))}");
            throw new OpenApiViolationException($"{violation.Message}\n{string.Join("\n", tails)}");
        }
    }
}
