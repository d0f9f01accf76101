using System.Text;
using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using CloudImageService.Images;
using CloudImageService.Shares;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.Startup;
using ImageApi.Tests.Images;
using ImageApi.Tests.Shares;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ImageApi.Tests.Api;

/// <summary>
/// The whole API in process over the in-memory stores, storage marked ready, auth off. The AWS SDK clients stay
/// registered but point at an <see cref="AwsTripwire"/>: a request that reaches them is a finding.
/// </summary>
public sealed class InMemoryApi : WebApplicationFactory<Program>
{
    private readonly TimeSpan? _trashRetention;

    public InMemoryApi()
    {
    }

    /// <summary>With <c>Images:TrashRetention</c> set (zero: the original service's immediate delete).</summary>
    internal InMemoryApi(TimeSpan trashRetention) => _trashRetention = trashRetention;

    /// <summary>With these settings on top of the usual ones.</summary>
    internal InMemoryApi(params (string Key, string Value)[] settings) => _settings = settings;

    private readonly (string Key, string Value)[] _settings = [];

    private readonly AwsTripwire _aws = new();
    private HttpClient? _client;

    internal InMemoryImageStore Store { get; } = new();

    internal InMemoryUsageStore Usage => _usage ??= new InMemoryUsageStore(Store);

    private InMemoryUsageStore? _usage;

    internal RecordingObjectStore Objects { get; } = new();

    internal ScriptedPublisher Publisher { get; } = new();

    internal InMemoryMultipartUploads Multipart { get; } = new();

    internal InMemoryShareStore Shares { get; } = new();

    public AwsTripwire Aws => _aws;

    /// <summary>Sends one request and checks that answering it reached no AWS endpoint.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        return await SendAsync(request);
    }

    /// <inheritdoc cref="SendAsync(HttpMethod, string, string?, string)"/>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        _client ??= CreateClient();
        var response = await _client.SendAsync(request);
        Assert.True(_aws.Connections == 0, $"{request.Method} {request.RequestUri} made the API call AWS ({_aws.Connections} connections so far).");
        return response;
    }

    public Uri Origin => Server.BaseAddress;

    internal ImageRecord AddImage(
        string status = ImageStatus.Available, string userId = "alice", DateTime? uploadTime = null, string description = "a test image",
        CaptureMetadata? capture = null)
    {
        var id = Guid.NewGuid().ToString();
        var record = new ImageRecord(id, userId, "image/png", ["beach"], description, uploadTime ?? DateTime.UtcNow, status, ObjectKeys.Original(id))
        {
            StagingKey = ObjectKeys.Staging(id),
            UploadExpiresAt = status == ImageStatus.Pending ? DateTime.UtcNow.AddMinutes(15) : null,
        };
        if (status == ImageStatus.Available)
        {
            var published = ScriptedPublisher.Published;
            record = record with
            {
                SizeBytes = published.SizeBytes,
                Width = published.Width,
                Height = published.Height,
                Format = published.Format,
                Sha256 = published.Sha256,
                ThumbnailSizes = published.ThumbnailSizes,
                Capture = capture,
            };
        }
        Store.Add(record);
        return record;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development")
            .UseSetting("Auth:Mode", "None")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting(AwsClientFactory.SharedEndpointVariable, _aws.Endpoint);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_trashRetention is { } retention) builder.UseSetting("Images:TrashRetention", retention.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveHostedServices(typeof(StorageInitializer), typeof(StoragePermissionCheck));
            services.AddSingleton(ReadyStorage());
            services.AddSingleton(new AWSOptions { Region = RegionEndpoint.USEast1, Credentials = new BasicAWSCredentials("tripwire", "tripwire") });
            services.AddSingleton<IImageStore>(Store);
            services.AddSingleton<IUsageStore>(Usage);
            services.AddSingleton<IImageCatalog>(new InMemoryImageCatalog(Store));
            services.AddSingleton<IObjectStore>(Objects);
            services.AddSingleton<IUploadPublisher>(Publisher);
            services.AddSingleton<IMultipartUploads>(Multipart);
            services.AddSingleton<IShareStore>(Shares);
            services.AddSingleton<IObjectUrlSigner>(provider => new FakeUrlSigner(provider.GetRequiredService<TimeProvider>()));
        });
    }

    private static StorageReadiness ReadyStorage()
    {
        var readiness = new StorageReadiness();
        readiness.MarkReady();
        return readiness;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _client?.Dispose();
        _aws.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class InMemoryApiCollection : ICollectionFixture<InMemoryApi>
{
    public const string Name = "API in process over in-memory stores";
}
