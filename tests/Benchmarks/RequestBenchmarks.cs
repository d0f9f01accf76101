using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using CloudImageService.Images;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Benchmarks;

/// <summary>
/// Whole requests in process: the API as it runs in Production (auth off by its explicit switch, limits lifted,
/// telemetry instrumentation on, no exporter), its whole middleware pipeline and handlers, on an in-memory server
/// (TestServer: no sockets) and the <see cref="CannedDynamoDb"/> client. Gives the CPU and the allocations of one
/// request minus Kestrel's socket layer and the network.
/// </summary>
public class RequestBenchmarks
{
    // With its length, as clients send it (JsonContent would stream it chunked).
    private static readonly byte[] UploadBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
    {
        filename = "beach.jpg",
        content_type = "image/jpeg",
        user_id = "user-1234",
        size_bytes = 4_412_345,
        tags = new[] { "holiday" },
    });

    private readonly string _imageId = Samples.Image().ImageId;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dynamoDb = new CannedDynamoDb(Samples.Image());
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Production")
            .UseSetting("Auth:Mode", "None")
            .UseSetting("Auth:AllowAnonymousOutsideDevelopment", "true")
            .UseSetting("RateLimiting:RequestPermitLimit", "10000000")
            .UseSetting("RateLimiting:UploadPermitLimit", "10000000")
            .UseSetting("Logging:LogLevel:Default", "Warning")
            .UseSetting("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:4567")
            .UseSetting("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4568")
            .ConfigureTestServices(services =>
            {
                services.AddSingleton(new AWSOptions { Region = RegionEndpoint.USEast1, Credentials = new BasicAWSCredentials("S3RVER", "S3RVER") });
                services.AddSingleton(dynamoDb.Client);
                // The sweeper would page through the canned answers in the background.
                foreach (var sweeper in services.Where(service => service.ImplementationType == typeof(AbandonedUploadSweeper)).ToList())
                {
                    services.Remove(sweeper);
                }
            }));
        _client = _factory.CreateClient();
    }

    [GlobalCleanup]
    public void Cleanup() => _factory.Dispose();

    [Benchmark(Description = "POST /images/upload (PutItem + presign)")]
    public async Task<int> Upload()
    {
        using var content = new ByteArrayContent(UploadBody) { Headers = { ContentType = new("application/json") } };
        using var response = await _client.PostAsync("/images/upload", content);
        return Read(response, await response.Content.ReadAsByteArrayAsync());
    }

    [Benchmark(Description = "GET /images/{id}/download (GetItem + presign)")]
    public async Task<int> Download()
    {
        using var response = await _client.GetAsync($"/images/{_imageId}/download");
        return Read(response, await response.Content.ReadAsByteArrayAsync());
    }

    [Benchmark(Description = "GET /images?user_id=U&limit=20 (Query, 20 items, Link)")]
    public async Task<int> List()
    {
        using var response = await _client.GetAsync("/images?user_id=user-1234&limit=20");
        return Read(response, await response.Content.ReadAsByteArrayAsync());
    }

    private static int Read(HttpResponseMessage response, byte[] body) => response.IsSuccessStatusCode
        ? body.Length
        : throw new InvalidOperationException($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
}
