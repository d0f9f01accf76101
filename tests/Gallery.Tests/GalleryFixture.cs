using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using TestSupport;

// Two AppHosts and two browsers at once are too much for two cores: the collections run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Gallery.Tests;

/// <summary>
/// One AppHost (Emulators mode: real dynalite and s3rver, in memory, random ports) and one headless Chromium per
/// collection. The page is loaded from the ImageApi's own endpoint, so its origin is the one the AppHost wrote into
/// the bucket's CORS rules, and every upload and download crosses origins exactly as in a user's browser.
/// </summary>
public abstract class GalleryFixture : IAsyncLifetime
{
    /// <summary>Only a hang takes this long; nothing is asserted against it.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(4);

    /// <summary>Uploads larger than this are refused by the API (small, so the test's oversized file stays small).</summary>
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    public DistributedApplication App { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the gallery is served, e.g. http://localhost:41234/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>A client for the API itself, to arrange data the way any other client would.</summary>
    public HttpClient Api { get; private set; } = null!;

    private readonly HttpClient _storage = new() { Timeout = TimeSpan.FromSeconds(60) };

    protected abstract void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi);

    public async Task InitializeAsync()
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        App = await TestAppHost.StartAsync(["LocalAws:InMemory=true"], imageApi =>
        {
            imageApi
                .WithEnvironment("Images__MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithEnvironment("Images__MultipartPartSize", LargeImageFile.PartSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                // The storage budget includes ingest's decoding and thumbnails; on a busy two-core machine that can pass
                // 4.5 s. Here a 503 should mean a hang, not a slow moment.
                .WithEnvironment("Storage__RequestBudget", "00:00:30")
                .WithEnvironment("Storage__RequestTimeout", "00:00:10");
            ConfigureImageApi(imageApi);
        }, deadline.Token);
        BaseUrl = App.GetEndpoint("imageapi", "http");
        Api = App.CreateHttpClient("imageapi", "http");
        Api.Timeout = TimeSpan.FromSeconds(60);

        // Deadlines against a hang on a busy 2-core machine, not performance assertions.
        Assertions.SetDefaultExpectTimeout(60_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(BrowserLaunch.Options());
    }

    /// <summary>A fresh browser context (no shared cookies or memory) and page for one test.</summary>
    public async Task<GalleryPage> OpenPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(60_000);
        return new GalleryPage(context, await context.NewPageAsync());
    }

    /// <summary>Uploads and confirms an image through the API (no browser): for arranging a gallery quickly.</summary>
    public async Task<string> SeedAsync(
        string? userId, byte[] bytes, string contentType, string description, string? token = null, string[]? tags = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/images/upload")
        {
            Content = JsonContent.Create(new { user_id = userId, content_type = contentType, size_bytes = bytes.Length, description, tags }),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Api.SendAsync(request);
        var upload = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {upload.ToJsonString()}");
        var imageId = upload["image_id"]!.GetValue<string>();

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using (var put = await _storage.PutAsync(upload["upload_url"]!.GetValue<string>(), content))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT {(int)put.StatusCode}");
        }

        using var complete = new HttpRequestMessage(HttpMethod.Post, $"/images/{imageId}/complete");
        if (token is not null) complete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var completed = await Api.SendAsync(complete);
        Assert.True(completed.IsSuccessStatusCode, $"complete {(int)completed.StatusCode}: {await completed.Content.ReadAsStringAsync()}");
        return imageId;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        Api?.Dispose();
        _storage.Dispose();
        if (App is not null) await App.DisposeAsync();
    }

    public static string NewUserId() => "user-" + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>Auth mode None: the user types a user id.</summary>
public sealed class OpenGalleryFixture : GalleryFixture
{
    protected override void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi) => imageApi.WithRateLimitsLifted();
}

[CollectionDefinition(Name)]
public sealed class OpenGalleryCollection : ICollectionFixture<OpenGalleryFixture>
{
    public const string Name = "Gallery without authentication";
}

/// <summary>Auth mode Jwt with a test issuer, and the upload rate limit low enough to meet it.</summary>
public sealed class SecuredGalleryFixture : GalleryFixture
{
    public const string Issuer = "gallery-tests";
    public const string Audience = "image-api";
    public const int UploadLimit = 5;

    private readonly TestTokenIssuer _issuer = new(Issuer, Audience);

    protected override void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi) =>
        _issuer.TrustedBy(imageApi).WithEnvironment("RateLimiting__UploadPermitLimit", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A token as an identity provider would issue it; another <paramref name="key"/> makes one the API refuses.</summary>
    public string Token(string subject, byte[]? key = null) => _issuer.Token(subject, key: key);
}

[CollectionDefinition(Name)]
public sealed class SecuredGalleryCollection : ICollectionFixture<SecuredGalleryFixture>
{
    public const string Name = "Gallery with JWT authentication";
}
