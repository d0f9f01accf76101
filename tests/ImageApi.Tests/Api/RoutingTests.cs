using System.Net;
using CloudImageService.Http;
using CloudImageService.Images;

namespace ImageApi.Tests.Api;

/// <summary>Requests that match no handler, or bring more than their route reads, are problem+json too.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class RoutingTests(InMemoryApi api)
{
    [Theory]
    [InlineData("/no-such-route")]
    [InlineData("/images/upload/extra")]
    [InlineData("/images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/no-such-action")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        using var response = await api.SendAsync(HttpMethod.Get, path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("PUT", "/images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e")]
    [InlineData("PATCH", "/images/upload")]
    [InlineData("POST", "/images")]
    [InlineData("GET", "/images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/complete")]
    public async Task A_method_the_route_does_not_take_is_a_405_problem(string method, string path)
    {
        using var response = await api.SendAsync(new HttpMethod(method), path);

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.NotEmpty(response.Content.Headers.Allow);
    }

    public static TheoryData<string, long> RoutesAndLimits => new()
    {
        { "/images/upload", ImagesApi.UploadBodyLimit(new ImageOptions()) },
        { $"/images/{Guid.NewGuid()}/parts", UploadPartsApi.BodyLimit },
        { $"/images/{Guid.NewGuid()}/complete", RequestBodyLimits.Default },
    };

    [Theory]
    [MemberData(nameof(RoutesAndLimits))]
    public async Task A_body_over_its_routes_limit_is_a_413_problem_naming_the_limit(string path, long limit)
    {
        using var response = await api.SendAsync(HttpMethod.Post, path, $$"""{"padding":"{{new string(' ', (int)limit)}}"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains($"{limit} bytes", problem["detail"]!.GetValue<string>());
    }
}
