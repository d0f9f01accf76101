using System.Net;
using AppHost.Tests.DeployedPolicy;

namespace AppHost.Tests;

/// <summary>
/// A refused upload never reaches <c>images/</c>: verification reads the staged object, and only verified content is
/// copied to the final key. In a versioned bucket a copy that was later deleted would keep its bytes for 30 days.
/// Seen in the AWS calls the API itself records.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public sealed class RejectedUploadTests(ImageServiceFixture service)
{
    [Fact]
    public async Task A_refused_upload_writes_nothing_under_images_while_an_accepted_one_is_copied_there_once()
    {
        var user = ImageApiClient.NewUserId();
        var png = TestImages.Png(64, 48);
        var damaged = png[..(png.Length / 2)];
        var refusedId = await service.UploadAsync(user, damaged);
        var acceptedId = await service.UploadAsync(user, TestImages.Png(48, 64));

        using var refused = await service.Api.Http.PostAsync($"/images/{refusedId}/complete", null);
        using var accepted = await service.Api.Http.PostAsync($"/images/{acceptedId}/complete", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var writes = RecordedAwsCalls.ReadAll()
            .Where(call => call.Operation is "CopyObject" or "PutObject" or "CompleteMultipartUpload" or "UploadPart")
            .SelectMany(call => call.Keys ?? [])
            .ToList();
        Assert.DoesNotContain($"images/{refusedId}", writes);
        Assert.Single(writes, key => key == $"images/{acceptedId}");
    }
}
