using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

using TestSupport;

namespace AppHost.Tests;

/// <summary>The ImageApi in Jwt mode, with its own issuer key, cursor key and a small upload rate limit.</summary>
public sealed class SecuredFixture : AppHostFixture
{
    public const string Issuer = "image-service-tests";
    public const string Audience = "image-api";
    public const int UploadLimit = 5;
    public const int RequestLimit = 40;

    private readonly TestTokenIssuer _issuer = new(Issuer, Audience);

    /// <summary>Where the API exports its telemetry, as it would to the dashboard or a collector.</summary>
    public OtlpCapture Telemetry { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Telemetry.Dispose();
    }

    protected override void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi) => _issuer.TrustedBy(imageApi)
        .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Telemetry.Endpoint.ToString().TrimEnd('/'))
        .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "500")
        // As the task definition sets them: the collector sidecar takes metrics only.
        .WithEnvironment("OTEL_TRACES_EXPORTER", "none")
        .WithEnvironment("OTEL_LOGS_EXPORTER", "none")
        .WithEnvironment("Pagination__CursorKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
        .WithEnvironment("RateLimiting__UploadPermitLimit", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithEnvironment("RateLimiting__RequestPermitLimit", RequestLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A token as an identity provider would issue it; <paramref name="key"/> defaults to the trusted one.</summary>
    public string Token(string? subject, string? role = null, string? scope = null, TimeSpan? lifetime = null, byte[]? key = null) =>
        _issuer.Token(subject, role, scope, lifetime, key);

    public HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null) =>
        await Api.Http.SendAsync(Request(method, path, token, body));

    /// <summary>Uploads and confirms an image as <paramref name="userId"/>; returns its id and bytes.</summary>
    public async Task<(string ImageId, byte[] Bytes)> OwnImageAsync(string userId)
    {
        var token = Token(userId);
        var bytes = TestImages.Png();
        using var response = await SendAsync(HttpMethod.Post, "/images/upload", token, new { content_type = "image/png" });
        var upload = await ImageApiClient.ReadObjectAsync(response);
        Assert.Equal(userId, await UserOfAsync(upload["image_id"]!.GetValue<string>(), token));
        (await PutAsync(upload["upload_url"]!.GetValue<string>(), bytes, "image/png")).Dispose();
        var imageId = upload["image_id"]!.GetValue<string>();
        (await SendAsync(HttpMethod.Post, $"/images/{imageId}/complete", token)).Dispose();
        return (imageId, bytes);
    }

    private async Task<string> UserOfAsync(string imageId, string token)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/images/{imageId}", token);
        return (await ImageApiClient.ReadObjectAsync(response))["user_id"]!.GetValue<string>();
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredCollection : ICollectionFixture<SecuredFixture>
{
    public const string Name = "Image service with JWT authentication";
}

[Collection(SecuredCollection.Name)]
public class SecurityTests(SecuredFixture service)
{
    [Fact]
    public async Task Every_attempt_by_another_user_on_an_image_is_refused_and_changes_nothing()
    {
        var alice = ImageApiClient.NewUserId();
        var bob = service.Token(ImageApiClient.NewUserId());
        var (imageId, bytes) = await service.OwnImageAsync(alice);

        var attempts = new (HttpMethod Method, string Path, object? Body, HttpStatusCode Expected)[]
        {
            (HttpMethod.Get, $"/images/{imageId}", null, HttpStatusCode.NotFound),
            (HttpMethod.Get, $"/images/{imageId}/download", null, HttpStatusCode.NotFound),
            (HttpMethod.Post, $"/images/{imageId}/complete", null, HttpStatusCode.NotFound),
            (HttpMethod.Delete, $"/images/{imageId}", null, HttpStatusCode.NotFound),
            (HttpMethod.Get, $"/images?user_id={alice}", null, HttpStatusCode.Forbidden),
            (HttpMethod.Get, "/images", null, HttpStatusCode.Forbidden),
            (HttpMethod.Post, "/images/upload", new { user_id = alice, content_type = "image/png" }, HttpStatusCode.Forbidden),
        };
        foreach (var (method, path, body, expected) in attempts)
        {
            using var response = await service.SendAsync(method, path, bob, body);
            Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var aliceToken = service.Token(alice);
        using var get = await service.SendAsync(HttpMethod.Get, $"/images/{imageId}", aliceToken);
        Assert.Equal("available", (await ImageApiClient.ReadObjectAsync(get))["status"]!.GetValue<string>());
        using var download = await service.SendAsync(HttpMethod.Get, $"/images/{imageId}/download", aliceToken);
        var url = (await ImageApiClient.ReadObjectAsync(download))["download_url"]!.GetValue<string>();
        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(await service.Plain.GetByteArrayAsync(url)));
    }

    [Fact]
    public async Task The_owner_lists_and_deletes_their_own_images()
    {
        var alice = ImageApiClient.NewUserId();
        var token = service.Token(alice);
        var (imageId, _) = await service.OwnImageAsync(alice);

        using var list = await service.SendAsync(HttpMethod.Get, $"/images?user_id={alice}", token);
        Assert.Equal([imageId], (await ImageApiClient.ReadJsonAsync(list)).AsArray().Select(i => i!["image_id"]!.GetValue<string>()));

        using var delete = await service.SendAsync(HttpMethod.Delete, $"/images/{imageId}", token);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
    }

    [Fact]
    public async Task Listing_everyone_needs_the_admin_role()
    {
        var alice = ImageApiClient.NewUserId();
        var (imageId, _) = await service.OwnImageAsync(alice);

        var admin = service.Token("root", role: "admin");
        var seen = new List<string>();
        string? next = "/images?limit=1000";
        while (next is not null)
        {
            using var response = await service.SendAsync(HttpMethod.Get, next, admin);
            seen.AddRange((await ImageApiClient.ReadJsonAsync(response)).AsArray().Select(i => i!["image_id"]!.GetValue<string>()));
            next = ImageApiClient.NextPage(response);
        }
        Assert.Contains(imageId, seen);
    }

    [Fact]
    public async Task The_admin_scope_alone_makes_no_admin_unless_configured()
    {
        var scopedUser = service.Token("ops", scope: "openid images:admin");

        using var everyone = await service.SendAsync(HttpMethod.Get, "/images", scopedUser);
        Assert.Equal(HttpStatusCode.Forbidden, everyone.StatusCode);
        using var others = await service.SendAsync(HttpMethod.Get, $"/images?user_id={ImageApiClient.NewUserId()}", scopedUser);
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
    }

    [Fact]
    public async Task A_cursor_serves_only_the_caller_it_was_issued_to()
    {
        var alice = ImageApiClient.NewUserId();
        await service.OwnImageAsync(alice);
        await service.OwnImageAsync(alice);
        var admin = service.Token("root", role: "admin");
        using var first = await service.SendAsync(HttpMethod.Get, $"/images?user_id={alice}&limit=1", service.Token(alice));
        var next = ImageApiClient.NextPage(first)!;

        using var ownPage = await service.SendAsync(HttpMethod.Get, next, service.Token(alice));
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
        using var replayed = await service.SendAsync(HttpMethod.Get, next, admin);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("issued to another caller", (await ImageApiClient.ReadJsonAsync(replayed))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_valid_token_every_images_call_is_401()
    {
        var wrongKey = service.Token("mallory", key: RandomNumberGenerator.GetBytes(32));
        var expired = service.Token("alice", lifetime: TimeSpan.FromMinutes(-5));
        foreach (var token in new[] { null, "not-a-jwt", wrongKey, expired })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, "/images?user_id=alice"), (HttpMethod.Post, "/images/upload"), (HttpMethod.Get, $"/images/{Guid.NewGuid()}") })
            {
                using var response = await service.SendAsync(method, path, token, method == HttpMethod.Post ? new { content_type = "image/png" } : null);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
        }
    }

    [Fact]
    public async Task A_token_without_a_subject_is_401_everywhere_and_deletes_nothing()
    {
        var alice = ImageApiClient.NewUserId();
        var (imageId, bytes) = await service.OwnImageAsync(alice);

        foreach (var token in new[] { service.Token(subject: null), service.Token(" "), service.Token(null, role: "admin") })
        {
            foreach (var (method, path) in new[]
            {
                (HttpMethod.Delete, $"/images/{imageId}"), (HttpMethod.Get, $"/images/{imageId}"),
                (HttpMethod.Get, $"/images/{imageId}/download"), (HttpMethod.Post, $"/images/{imageId}/complete"),
                (HttpMethod.Get, $"/images?user_id={alice}"), (HttpMethod.Post, "/images/upload"),
            })
            {
                using var response = await service.SendAsync(method, path, token, method == HttpMethod.Post && path.EndsWith("upload", StringComparison.Ordinal) ? new { content_type = "image/png" } : null);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            }
        }

        using var download = await service.SendAsync(HttpMethod.Get, $"/images/{imageId}/download", service.Token(alice));
        var url = (await ImageApiClient.ReadObjectAsync(download))["download_url"]!.GetValue<string>();
        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(await service.Plain.GetByteArrayAsync(url)));
    }

    [Fact]
    public async Task Every_images_call_counts_against_the_callers_request_limit()
    {
        var erin = ImageApiClient.NewUserId();
        var token = service.Token(erin);
        for (var i = 0; i < SecuredFixture.RequestLimit; i++)
        {
            using var allowed = await service.SendAsync(HttpMethod.Get, $"/images?user_id={erin}&tag=none", token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await service.SendAsync(HttpMethod.Get, $"/images/{Guid.NewGuid()}", token);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");

        var frank = ImageApiClient.NewUserId();
        using var otherCaller = await service.SendAsync(HttpMethod.Get, $"/images?user_id={frank}", service.Token(frank));
        Assert.Equal(HttpStatusCode.OK, otherCaller.StatusCode);
    }

    [Fact]
    public async Task Health_and_documentation_stay_open()
    {
        using var health = await service.Api.Http.GetAsync("/health");
        using var document = await service.Api.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var openApi = await ImageApiClient.ReadObjectAsync(document);
        Assert.Equal("bearer", openApi["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        // With JWT every /images operation carries the requirement, and user_id becomes optional (the token's subject).
        foreach (var (path, operations) in openApi["paths"]!.AsObject().Where(p => p.Key.StartsWith("/images", StringComparison.Ordinal)))
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                Assert.True(operation!["security"]?[0]?["Bearer"] is not null, $"{method} {path} has no security requirement");
                Assert.NotNull(operation["responses"]!["401"]);
            }
        }
        Assert.Equal(["content_type"], openApi["components"]!["schemas"]!["UploadRequest"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Uploads_are_rate_limited_per_caller_with_retry_after()
    {
        var carol = service.Token(ImageApiClient.NewUserId());
        for (var i = 0; i < SecuredFixture.UploadLimit; i++)
        {
            using var allowed = await service.SendAsync(HttpMethod.Post, "/images/upload", carol, new { content_type = "image/png" });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await service.SendAsync(HttpMethod.Post, "/images/upload", carol, new { content_type = "image/png" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");

        using var otherCaller = await service.SendAsync(HttpMethod.Post, "/images/upload", service.Token(ImageApiClient.NewUserId()), new { content_type = "image/png" });
        Assert.Equal(HttpStatusCode.OK, otherCaller.StatusCode);
    }

    [Fact]
    public async Task An_edited_cursor_is_400()
    {
        var dave = ImageApiClient.NewUserId();
        var token = service.Token(dave);
        await service.OwnImageAsync(dave);
        await service.OwnImageAsync(dave);
        using var first = await service.SendAsync(HttpMethod.Get, $"/images?user_id={dave}&limit=1", token);
        var next = new Uri(new Uri("http://any.invalid"), ImageApiClient.NextPage(first));
        var cursor = System.Web.HttpUtility.ParseQueryString(next.Query)["cursor"]!;
        var edited = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        using var valid = await service.SendAsync(HttpMethod.Get, next.PathAndQuery, token);
        using var tampered = await service.SendAsync(HttpMethod.Get, $"/images?user_id={dave}&limit=1&cursor={edited}", token);

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.NotNull((await ImageApiClient.ReadJsonAsync(tampered))["errors"]!["cursor"]);
    }
}
