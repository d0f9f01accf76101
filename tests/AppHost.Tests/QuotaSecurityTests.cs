using System.Net;

namespace AppHost.Tests;

/// <summary>With JWT auth: only admins set quotas; a user reads their own usage (also as "me"), never another's.</summary>
[Collection(SecuredCollection.Name)]
public class QuotaSecurityTests(SecuredFixture service)
{
    [Fact]
    public async Task Only_an_admin_sets_a_quota_and_a_user_reads_only_their_own_usage()
    {
        var alice = ImageApiClient.NewUserId();
        var aliceToken = service.Token(alice);
        var bobToken = service.Token(ImageApiClient.NewUserId());
        var adminToken = service.Token(ImageApiClient.NewUserId(), role: "admin");
        var quota = new { bytes_limit = 1000, images_limit = 2 };

        var refused = new (HttpMethod Method, string Path, string Token, object? Body)[]
        {
            (HttpMethod.Put, $"/users/{alice}/quota", aliceToken, quota),
            (HttpMethod.Put, $"/users/{alice}/quota", bobToken, quota),
            (HttpMethod.Get, $"/users/{alice}/usage", bobToken, null),
        };
        foreach (var (method, path, token, body) in refused)
        {
            using var response = await service.SendAsync(method, path, token, body);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using (var set = await service.SendAsync(HttpMethod.Put, $"/users/{alice}/quota", adminToken, quota))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }
        using var mine = await service.SendAsync(HttpMethod.Get, "/users/me/usage", aliceToken);
        var usage = await ImageApiClient.ReadObjectAsync(mine);
        Assert.Equal((alice, 1000L, 2L), (usage["user_id"]!.GetValue<string>(), usage["bytes_limit"]!.GetValue<long>(), usage["images_limit"]!.GetValue<long>()));
        using var admins = await service.SendAsync(HttpMethod.Get, $"/users/{alice}/usage", adminToken);
        Assert.Equal(HttpStatusCode.OK, admins.StatusCode);
    }
}
