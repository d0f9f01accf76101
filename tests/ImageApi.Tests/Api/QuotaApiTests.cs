using System.Net;
using System.Text.Json.Nodes;
using CloudImageService.Images;

namespace ImageApi.Tests.Api;

/// <summary>The /users routes and the quota refusal in process: shapes, validation, the problem's body, the repair command.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class QuotaApiTests(InMemoryApi api)
{
    private static string NewUser() => "quota-" + Guid.NewGuid().ToString("N")[..8];

    private async Task SetQuotaAsync(string userId, string body)
    {
        using var response = await api.SendAsync(HttpMethod.Put, $"/users/{userId}/quota", body);
        await response.AssertOkAsync();
    }

    [Fact]
    public async Task A_new_users_usage_is_zero_and_unlimited_by_default_in_snake_case()
    {
        var user = NewUser();

        var usage = (await (await api.SendAsync(HttpMethod.Get, $"/users/{user}/usage")).AssertOkAsync()).AsObject();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"user_id":"{{user}}","bytes_used":0,"images_used":0,"bytes_limit":null,"images_limit":null,"trashed_bytes":0,"trashed_images":0}
            """), usage), usage.ToJsonString());
    }

    [Fact]
    public async Task An_admins_override_answers_the_new_limits_and_null_goes_back_to_the_default()
    {
        var user = NewUser();

        using var set = await api.SendAsync(HttpMethod.Put, $"/users/{user}/quota", """{"bytes_limit":1000,"images_limit":0}""");
        var usage = await set.AssertOkAsync();
        Assert.Equal((1000L, null), (usage["bytes_limit"]!.GetValue<long>(), usage["images_limit"]?.GetValue<long>()));

        await SetQuotaAsync(user, """{"bytes_limit":null}""");
        Assert.Null((await (await api.SendAsync(HttpMethod.Get, $"/users/{user}/usage")).AssertOkAsync())["bytes_limit"]);
    }

    [Theory]
    [InlineData("""{"bytes_limit":-1}""", "bytes_limit")]
    [InlineData("""{"images_limit":-5}""", "images_limit")]
    public async Task A_negative_limit_is_400_naming_the_field(string body, string field)
    {
        using var response = await api.SendAsync(HttpMethod.Put, $"/users/{NewUser()}/quota", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_user_id_longer_than_the_limit_is_400_naming_user_id()
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/users/{new string('u', 129)}/usage");

        Assert.NotNull((await response.AssertProblemAsync(HttpStatusCode.BadRequest))["errors"]!["user_id"]);
    }

    [Fact]
    public async Task Me_needs_a_token_so_with_auth_off_it_is_400_pointing_at_the_user_route()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/users/me/usage");

        Assert.Contains("/users/{user_id}/usage", (await response.AssertProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_request_whose_declared_size_would_pass_the_byte_quota_is_403_naming_usage_limit_and_the_trash_and_creates_nothing()
    {
        var user = NewUser();
        await SetQuotaAsync(user, """{"bytes_limit":500}""");
        var before = api.Store.Records.Count(record => record.UserId == user);

        using var response = await api.SendAsync(HttpMethod.Post, "/images/upload",
            $$"""{"user_id":"{{user}}","content_type":"image/png","size_bytes":501}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("urn:cloud-image-service:problem:quota-exceeded", problem["type"]!.GetValue<string>());
        Assert.Equal(("bytes", 0L, 500L, 501L, 0L), (problem["limit_kind"]!.GetValue<string>(), problem["usage"]!.GetValue<long>(),
            problem["limit"]!.GetValue<long>(), problem["requested"]!.GetValue<long>(), problem["trashed_bytes"]!.GetValue<long>()));
        Assert.Contains("empty the trash", problem["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, api.Store.Records.Count(record => record.UserId == user));

        using var fits = await api.SendAsync(HttpMethod.Post, "/images/upload",
            $$"""{"user_id":"{{user}}","content_type":"image/png","size_bytes":500}""");
        await fits.AssertOkAsync();
    }

    [Fact]
    public async Task The_usage_repair_command_recomputes_a_users_drifted_counters_from_the_records()
    {
        var user = NewUser();
        var image = api.AddImage(userId: user);
        api.Store.Add(image with { StoredBytes = 700 });
        api.Usage.Corrupt(user, 5, 9);

        var exit = await UsageCommand.RunAsync(api.Services, ["usage", "repair", user]);

        Assert.Equal(0, exit);
        var usage = (await (await api.SendAsync(HttpMethod.Get, $"/users/{user}/usage")).AssertOkAsync()).AsObject();
        Assert.Equal((700L, 1L), (usage["bytes_used"]!.GetValue<long>(), usage["images_used"]!.GetValue<long>()));
        Assert.Equal(2, await UsageCommand.RunAsync(api.Services, ["usage", "mend"]));
    }
}
