using System.Net;

namespace ImageApi.Tests.Api;

/// <summary>Every route that names an image refuses an id that cannot be one, and says so for one that names none.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class ImageIdTests(InMemoryApi api)
{
    private static readonly string[] MalformedIds =
    [
        "not-a-uuid",
        "3f2b8c1e4d5a4b6c8d7e9f0a1b2c3d4e",
        "%7B3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e%7D",
        "..%2F..%2Fetc%2Fpasswd",
        "3F2B8C1E-4D5A-4B6C-8D7E-9F0A1B2C3D4E%20",
    ];

    public static TheoryData<string, string, string> MalformedIdOnEveryRoute()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, _) in ImageRoutes.All)
            foreach (var id in MalformedIds) data.Add(method.Method, path, id);
        return data;
    }

    public static TheoryData<string, string> EveryRoute()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, path, _) in ImageRoutes.All) data.Add(method.Method, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedIdOnEveryRoute))]
    public async Task A_malformed_image_id_is_a_400_problem_naming_image_id(string method, string path, string imageId)
    {
        using var response = await api.SendAsync(ImageRoutes.Method(method), ImageRoutes.For(path, imageId), ImageRoutes.BodyOf(method, path));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["image_id"]);
        Assert.Contains("image_id", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(EveryRoute))]
    public async Task An_unknown_image_id_is_a_404_image_not_found(string method, string path)
    {
        using var response = await api.SendAsync(ImageRoutes.Method(method), ImageRoutes.For(path, Guid.NewGuid().ToString()), ImageRoutes.BodyOf(method, path));

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Image not found", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_image_being_deleted_is_already_a_404_image_not_found()
    {
        var image = api.AddImage(CloudImageService.Images.ImageStatus.Deleting);

        using var response = await api.SendAsync(HttpMethod.Get, $"/images/{image.ImageId}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Image not found", problem["detail"]!.GetValue<string>());
    }
}
