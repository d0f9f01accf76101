using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace AppHost.Tests;

/// <summary>
/// Behind a load balancer a return visit lands on any task: with CloudFront delivery every task hands out the same URL
/// for the same image within a signing window, although each signs S3 requests with a session of its own.
/// </summary>
[Collection(FleetCollection.Name)]
public class FleetDeliveryTests(FleetFixture fleet)
{
    [Fact]
    public async Task Two_instances_with_their_own_aws_sessions_hand_out_byte_identical_cloudfront_urls_for_the_same_image()
    {
        using var caller = fleet.NewCaller();
        var imageId = await caller.UploadAsync(TestImages.Png());
        (await caller.ConfirmPatientlyAsync(caller.Shared, imageId)).Dispose();

        // A signing window may end between the two instances' answers (once an hour): then both are asked again.
        var (first, second) = (await AnswersAsync(caller.Instances[0], imageId, caller.UserId), await AnswersAsync(caller.Instances[1], imageId, caller.UserId));
        if (first.ExpiresAt != second.ExpiresAt) (first, second) = (await AnswersAsync(caller.Instances[0], imageId, caller.UserId), await AnswersAsync(caller.Instances[1], imageId, caller.UserId));

        Assert.Equal(first.Download, second.Download);
        Assert.Equal(first.Thumbnail, second.Thumbnail);
        Assert.Equal(first.Listed, second.Listed);
        Assert.Equal(first.Thumbnail, first.Listed);
        Assert.NotEqual(first.UploadToken, second.UploadToken);
        Assert.All(new[] { first.UploadToken, second.UploadToken }, token => Assert.StartsWith("task-session-", token, StringComparison.Ordinal));

        var download = new Uri(first.Download);
        Assert.Equal(("https", FleetFixture.CloudFrontDomain, $"/images/{imageId}"), (download.Scheme, download.Host, download.AbsolutePath));
        Assert.True(SignedByTheSharedKey(first.Download), "the download URL's signature does not verify with the distribution's public key");
        Assert.True(SignedByTheSharedKey(first.Thumbnail), "the thumbnail URL's signature does not verify with the distribution's public key");
        Assert.Contains("response-content-type=image%2Fpng", first.Download, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gallery_may_load_images_from_the_distribution_and_nowhere_else_but_storage_for_uploads()
    {
        using var page = await fleet.NewCaller().Instances[0].Http.GetAsync("/");

        var policy = string.Join(";", page.Content.Headers.TryGetValues("Content-Security-Policy", out var onContent) ? onContent : page.Headers.GetValues("Content-Security-Policy"));
        var imageSources = policy.Split(';').Single(directive => directive.Trim().StartsWith("img-src", StringComparison.Ordinal)).Trim();
        Assert.Equal($"img-src 'self' blob: data: https://{FleetFixture.CloudFrontDomain}", imageSources);
        Assert.Contains($"https://{FleetFixture.CloudFrontDomain}", policy.Split(';').Single(directive => directive.Trim().StartsWith("connect-src", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private sealed record Answers(string Download, string Thumbnail, string Listed, DateTime ExpiresAt, string UploadToken);

    private static async Task<Answers> AnswersAsync(ImageApiClient instance, string imageId, string userId)
    {
        using var download = await instance.Http.GetAsync($"/images/{imageId}/download");
        using var thumbnail = await instance.Http.GetAsync($"/images/{imageId}/thumbnail");
        using var list = await instance.Http.GetAsync($"/images?user_id={userId}&thumbnail_size=256");
        // An upload of a user of its own, so that listings on the other instance stay as they were.
        using var upload = await instance.RequestUploadAsync(new { user_id = ImageApiClient.NewUserId(), content_type = "image/png", size_bytes = 68 });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var downloaded = await ImageApiClient.ReadObjectAsync(download);
        var listed = Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(list)).Single(image => image!["image_id"]!.GetValue<string>() == imageId)!;
        var uploadUrl = new Uri((await ImageApiClient.ReadObjectAsync(upload))["upload_url"]!.GetValue<string>());
        return new Answers(
            downloaded["download_url"]!.GetValue<string>(),
            (await ImageApiClient.ReadObjectAsync(thumbnail))["download_url"]!.GetValue<string>(),
            listed["thumbnail_url"]!.GetValue<string>(),
            downloaded["expires_at"]!.GetValue<DateTime>(),
            HttpUtility.ParseQueryString(uploadUrl.Query)["X-Amz-Security-Token"] ?? "");
    }

    private bool SignedByTheSharedKey(string url)
    {
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        Assert.Equal(FleetFixture.KeyPairId, query["Key-Pair-Id"]);
        var resource = url[..url.IndexOf(url.Contains("?Expires=", StringComparison.Ordinal) ? "?Expires=" : "&Expires=", StringComparison.Ordinal)];
        var expires = long.Parse(query["Expires"]!, CultureInfo.InvariantCulture);
        var policy = "{\"Statement\":[{\"Resource\":\"" + resource + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expires + "}}}]}";
        var signature = Convert.FromBase64String(query["Signature"]!.Replace('-', '+').Replace('_', '=').Replace('~', '/'));
        return fleet.DeliveryKey.VerifyData(Encoding.UTF8.GetBytes(policy), signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
    }
}
