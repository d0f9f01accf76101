using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudImageService.Images;
using CloudImageService.Shares;

namespace ImageApi.Tests.Api;

/// <summary>Share links in process: create, open anonymously, list, revoke; and the answers to hostile input.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class ShareApiTests(InMemoryApi api)
{
    private static string NewUser() => "share-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<JsonNode> CreateAsync(string user, IEnumerable<string> imageIds, object? extra = null)
    {
        var body = new JsonObject
        {
            ["user_id"] = user,
            ["image_ids"] = new JsonArray([.. imageIds.Select(id => JsonValue.Create(id))]),
            ["title"] = "Summer",
        };
        if (extra is not null)
        {
            foreach (var (name, value) in JsonSerializer.SerializeToNode(extra)!.AsObject()) body[name] = value?.DeepClone();
        }
        using var response = await api.SendAsync(HttpMethod.Post, "/shares", body.ToJsonString());
        return await response.AssertOkAsync();
    }

    private static string TokenOf(JsonNode created) => new Uri(created["url"]!.GetValue<string>()).Segments[^1];

    [Fact]
    public async Task A_link_shows_the_owners_images_with_thumbnails_and_placeholders_but_no_owner_tags_or_originals()
    {
        var user = NewUser();
        var image = api.AddImage(userId: user);

        var created = await CreateAsync(user, [image.ImageId]);
        using var response = await api.SendAsync(HttpMethod.Get, $"/s/{TokenOf(created)}/images");
        var link = await response.AssertOkAsync();

        Assert.StartsWith(api.Origin + "s/", created["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ShareToken.Length, TokenOf(created).Length);
        Assert.Equal("Summer", link["title"]!.GetValue<string>());
        var shown = Assert.Single(link["images"]!.AsArray())!.AsObject();
        Assert.Equal(image.ImageId, shown["image_id"]!.GetValue<string>());
        Assert.NotNull(shown["thumbnail_url"]);
        Assert.False(shown.ContainsKey("original_url"));
        Assert.False(shown.ContainsKey("user_id") || shown.ContainsKey("tags") || shown.ContainsKey("description"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("noindex", response.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_original_is_shown_only_when_allowed_and_the_location_never()
    {
        var user = NewUser();
        var image = api.AddImage(userId: user, capture: new CaptureMetadata
        {
            CameraMake = "Canon",
            Location = new GeoPosition(48.85, 2.35),
        });

        var created = await CreateAsync(user, [image.ImageId], new { allow_original = true });
        var link = await (await api.SendAsync(HttpMethod.Get, $"/s/{TokenOf(created)}/images")).AssertOkAsync();

        var shown = link["images"]![0]!;
        Assert.NotNull(shown["original_url"]);
        Assert.Equal("Canon", shown["capture"]!["camera_make"]!.GetValue<string>());
        Assert.Null(shown["capture"]!["location"]);
    }

    [Fact]
    public async Task A_trashed_image_disappears_from_the_link_at_once()
    {
        var user = NewUser();
        var kept = api.AddImage(userId: user);
        var trashed = api.AddImage(userId: user);
        var token = TokenOf(await CreateAsync(user, [kept.ImageId, trashed.ImageId]));

        (await api.SendAsync(HttpMethod.Delete, $"/images/{trashed.ImageId}")).EnsureSuccessStatusCode();
        var link = await (await api.SendAsync(HttpMethod.Get, $"/s/{token}/images")).AssertOkAsync();

        Assert.Equal([kept.ImageId], link["images"]!.AsArray().Select(item => item!["image_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_owner_lists_active_links_without_their_token_and_a_revoked_link_answers_410()
    {
        var user = NewUser();
        var image = api.AddImage(userId: user);
        var created = await CreateAsync(user, [image.ImageId]);
        var id = created["id"]!.GetValue<string>();

        var listed = (await (await api.SendAsync(HttpMethod.Get, $"/shares?user_id={user}")).AssertOkAsync()).AsArray();
        var entry = Assert.Single(listed)!.AsObject();
        Assert.Equal(id, entry["id"]!.GetValue<string>());
        Assert.False(entry.ContainsKey("url"));
        Assert.DoesNotContain(TokenOf(created), entry.ToJsonString(), StringComparison.Ordinal);

        (await (await api.SendAsync(HttpMethod.Delete, $"/shares/{id}")).AssertOkAsync()).ToString();
        using var gone = await api.SendAsync(HttpMethod.Get, $"/s/{TokenOf(created)}/images");
        await gone.AssertProblemAsync(HttpStatusCode.Gone);
        using var page = await api.SendAsync(HttpMethod.Get, $"/s/{TokenOf(created)}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("expired or was revoked", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await (await api.SendAsync(HttpMethod.Get, $"/shares?user_id={user}")).AssertOkAsync()).AsArray());
        await (await api.SendAsync(HttpMethod.Delete, $"/shares/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_link_answers_410_and_is_no_longer_listed()
    {
        var user = NewUser();
        var image = api.AddImage(userId: user);
        var (token, id) = ShareToken.New();
        var now = DateTime.UtcNow;
        api.Shares.Add(new Share(id, user, [image.ImageId], null, now.AddDays(-8), now.AddSeconds(-1), AllowOriginal: false));

        await (await api.SendAsync(HttpMethod.Get, $"/s/{token}/images")).AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Empty((await (await api.SendAsync(HttpMethod.Get, $"/shares?user_id={user}")).AssertOkAsync()).AsArray());
    }

    [Theory]
    [InlineData("x")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("..%2F..%2Fimages")]
    public async Task A_malformed_or_unknown_token_answers_404_as_json_and_as_a_page(string token)
    {
        await (await api.SendAsync(HttpMethod.Get, $"/s/{token}/images")).AssertProblemAsync(HttpStatusCode.NotFound);
        using var page = await api.SendAsync(HttpMethod.Get, $"/s/{token}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Other_users_images_unknown_ids_and_malformed_ids_are_refused_with_400()
    {
        var user = NewUser();
        var foreign = api.AddImage(userId: NewUser());

        foreach (var ids in new[] { new[] { foreign.ImageId }, [Guid.NewGuid().ToString()], ["not-an-id"], [] })
        {
            var body = new JsonObject { ["user_id"] = user, ["image_ids"] = new JsonArray([.. ids.Select(id => JsonValue.Create(id))]) };
            using var response = await api.SendAsync(HttpMethod.Post, "/shares", body.ToJsonString());
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["image_ids"]);
        }
        Assert.DoesNotContain(api.Shares.Shares, share => share.OwnerId == user);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"user_id": "u", "image_ids": "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"}""")]
    [InlineData("""{"user_id": "u", "image_ids": [1, 2]}""")]
    [InlineData("""{"user_id": "u", "image_ids": ["3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"], "expires_at": "tomorrow"}""")]
    [InlineData("""{"user_id": "u", "image_ids": ["3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"], "allow_original": "yes"}""")]
    [InlineData("""{"user_id": "u", "image_ids": ["3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"], "title": "a\u0000b"}""")]
    [InlineData("""{"image_ids": ["3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e"]}""")]
    [InlineData("null")]
    public async Task A_malformed_creation_body_is_a_400_problem(string body)
    {
        using var response = await api.SendAsync(HttpMethod.Post, "/shares", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_huge_id_list_is_refused_before_any_image_is_read()
    {
        var ids = string.Join(",", Enumerable.Range(0, 101).Select(_ => $"\"{Guid.NewGuid()}\""));
        using var tooMany = await api.SendAsync(HttpMethod.Post, "/shares", $$"""{"user_id": "u", "image_ids": [{{ids}}]}""");
        var huge = string.Join(",", Enumerable.Range(0, 20_000).Select(_ => $"\"{Guid.NewGuid()}\""));
        using var tooLarge = await api.SendAsync(HttpMethod.Post, "/shares", $$"""{"user_id": "u", "image_ids": [{{huge}}]}""");

        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest);
        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_page_has_its_own_strict_policy_sends_no_referrer_is_not_indexed_nor_stored()
    {
        var user = NewUser();
        var image = api.AddImage(userId: user);
        var token = TokenOf(await CreateAsync(user, [image.ImageId]));

        using var page = await api.SendAsync(HttpMethod.Get, $"/s/{token}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("data:", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Contains("noindex", page.Headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);
        Assert.Contains("<meta name=\"robots\" content=\"noindex", html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shared_links_are_rate_limited_per_client_address_whatever_token_is_presented()
    {
        using var limited = new InMemoryApi(("RateLimiting:SharedLinkPermitLimit", "3"), ("RateLimiting:SharedLinkWindow", "00:10:00"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await limited.SendAsync(HttpMethod.Get, i % 2 == 0 ? $"/s/{ShareToken.New().Token}" : $"/s/{ShareToken.New().Token}/images");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Every_share_route_is_in_the_openapi_document()
    {
        var document = await (await api.SendAsync(HttpMethod.Get, "/openapi/v1.json")).AssertOkAsync();
        var paths = document["paths"]!.AsObject();

        Assert.NotNull(paths["/shares"]!["post"]);
        Assert.NotNull(paths["/shares"]!["get"]);
        Assert.NotNull(paths["/shares/{share_id}"]!["delete"]);
        Assert.NotNull(paths["/s/{token}/images"]!["get"]!["responses"]!["410"]);
    }

    [Fact]
    public async Task The_document_lists_the_images_first_so_the_api_reference_opens_on_them()
    {
        var document = await (await api.SendAsync(HttpMethod.Get, "/openapi/v1.json")).AssertOkAsync();

        Assert.Equal(["Images", "Shares", "Users", "Shared links"],
            document["tags"]!.AsArray().Select(tag => tag!["name"]!.GetValue<string>()));
    }
}
