using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using TestSupport;

namespace AppHost.Tests;

/// <summary>
/// Starts the AppHost once for a whole collection (it costs seconds): Emulators mode, so every test talks to real
/// dynalite and s3rver processes through the ImageApi, exactly as `dotnet run --project AppHost` does.
/// </summary>
public abstract class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Client for the ImageApi, as the AppHost exposes it.</summary>
    public ImageApiClient Api { get; private set; } = null!;

    /// <summary>The served OpenAPI document; every exchange through <see cref="Api"/> is checked against it.</summary>
    public OpenApiConformance Conformance { get; private set; } = null!;

    /// <summary>Direct access to the emulators, to check what the API left in storage.</summary>
    public StorageProbe Storage { get; private set; } = null!;

    /// <summary>A plain client for presigned URLs: no base address, no handlers that could add headers.</summary>
    public HttpClient Plain { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>PUTs bytes to a presigned URL as any HTTP client would.</summary>
    public Task<HttpResponseMessage> PutAsync(string url, byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return Plain.PutAsync(url, content);
    }

    /// <summary>
    /// Asks for an upload URL and PUTs the bytes; returns the image id. Fixtures with upload windows of seconds can
    /// see the URL expire before a busy machine gets to the PUT (403): then it asks for a new one. <paramref name="through"/>
    /// is the client that asks (<see cref="Api"/> by default).
    /// </summary>
    public async Task<string> UploadAsync(
        string userId, byte[] bytes, string contentType = "image/png", long? sizeBytes = null, ImageApiClient? through = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await (through ?? Api).RequestUploadAsync(new { user_id = userId, content_type = contentType, size_bytes = sizeBytes });
            var upload = await ImageApiClient.ReadObjectAsync(response);
            using var put = await PutAsync(upload["upload_url"]!.GetValue<string>(), bytes, contentType);
            var expired = put.StatusCode == System.Net.HttpStatusCode.Forbidden
                && upload["expires_at"]!.GetValue<DateTime>() <= DateTime.UtcNow;
            if (expired && attempt < 5) continue;
            Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
            return upload["image_id"]!.GetValue<string>();
        }
    }

    protected virtual IEnumerable<string> AppHostArguments => ["LocalAws:InMemory=true"];

    protected virtual void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi)
    {
    }

    // Every suite records the AWS calls it drives, for DeployedPolicyTests to judge at the end of the run.
    private void RecordingAwsCalls(IResourceBuilder<ProjectResource> imageApi)
    {
        imageApi.WithEnvironment(DeployedPolicy.RecordedAwsCalls.Setting, DeployedPolicy.RecordedAwsCalls.Directory);
        // The original service's delete (gone at once, bytes and all), which these suites were written against;
        // ShortWindowFixture runs the trash (TrashTests).
        imageApi.WithEnvironment("Images__TrashRetention", "00:00:00");
        ConfigureImageApi(imageApi);
    }

    public virtual async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        App = await TestAppHost.StartAsync(AppHostArguments, RecordingAwsCalls, timeout.Token);
        var apiBase = App.GetEndpoint("imageapi", "http");
        Conformance = await OpenApiConformance.LoadAsync(apiBase);
        Api = new ImageApiClient(new HttpClient(new ConformanceHandler(Conformance)) { BaseAddress = apiBase });
        Storage = new StorageProbe(App.GetEndpoint("s3", "http"), App.GetEndpoint("dynamodb", "http"));
    }

    public virtual async Task DisposeAsync()
    {
        Plain.Dispose();
        Storage?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

/// <summary>
/// The default configuration (auth mode None), with in-memory emulators, and the decode budget that a task of
/// 512 MiB derives ((384 MiB the runtime sees − 256 MiB reserved) / 2): this machine's memory would admit anything.
/// </summary>
public sealed class ImageServiceFixture : AppHostFixture
{
    public const long DecodeMemoryBytes = 64L * 1024 * 1024;

    protected override void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi) => imageApi
        .WithRateLimitsLifted()
        .WithEnvironment("Ingest__DecodeMemoryBytes", DecodeMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

[CollectionDefinition(Name)]
public sealed class ImageServiceCollection : ICollectionFixture<ImageServiceFixture>
{
    public const string Name = "Image service through the AppHost";
}
