using System.Net;
using System.Text.Json.Nodes;
using AppHost.Tests;

namespace ImageApi.Tests.Api;

/// <summary>The AppHost suite's hundreds of hostile requests, in process: each a 4xx problem+json, and the image they aim at unchanged.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class HostileRequestTests(InMemoryApi api)
{
    [Fact]
    public async Task Every_hostile_request_is_a_4xx_problem_and_changes_nothing()
    {
        var image = api.AddImage(userId: Guid.NewGuid().ToString());
        var cursorOwner = Guid.NewGuid().ToString();
        api.AddImage(userId: cursorOwner);
        api.AddImage(userId: cursorOwner);
        var targets = new HostileTargets(image.ImageId, image.UserId, cursorOwner,
            await NextCursorAsync($"/images?user_id={cursorOwner}&limit=1"), await NextCursorAsync("/images?limit=1"));

        var failures = new List<string>();
        foreach (var hostile in HostileRequests.All(targets))
        {
            using var request = hostile.ToMessage(api.Origin);
            // The test server reads the path through Uri.GetComponents, which an uncanonicalized Uri refuses.
            request.RequestUri = new Uri(api.Origin + hostile.PathAndQuery.TrimStart('/'));
            using var response = await api.SendAsync(request);
            if (await IsProblemAsync(response) is false || (int)response.StatusCode is < 400 or >= 500 or 429)
                failures.Add($"{hostile.Describe()}\n  → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.Equal(image, api.Store[image.ImageId]);
    }

    private static async Task<bool> IsProblemAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
        && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["status"]?.GetValue<int>() == (int)response.StatusCode;

    private async Task<string> NextCursorAsync(string firstPage)
    {
        using var response = await api.SendAsync(HttpMethod.Get, firstPage);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var link = response.Headers.GetValues("Link").Single();
        return Uri.UnescapeDataString(link[..link.IndexOf('>')].Split("cursor=")[1]);
    }
}
