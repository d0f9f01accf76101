using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using Amazon.Runtime;
using Amazon.S3;
using Aspire.Hosting.Testing;
using CloudImageService.Storage.S3;

namespace AppHost.Tests;

/// <summary>
/// Download and thumbnail URLs are signed at the start of the signing window (1 h by default), so a gallery that lists
/// twice gets the same URLs and its browser cache hits; s3rver, which checks signatures and expiry, serves them.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public class StableUrlTests(ImageServiceFixture service)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly BasicAWSCredentials SharedCredentials = new("S3RVER", "S3RVER");

    private ImageApiClient Api => service.Api;

    [Fact]
    public async Task Two_listings_and_two_downloads_within_a_window_give_identical_urls_that_s3_serves_and_the_thumbnail_call_gives_the_listings_url()
    {
        var userId = ImageApiClient.NewUserId();
        var bytes = TestImages.Png(640, 480);
        var imageId = await service.UploadAsync(userId, bytes);
        using (var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null)) Assert.Equal(HttpStatusCode.OK, complete.StatusCode);

        var (first, second) = await TwiceWithinOneWindowAsync(() => UrlsAsync(userId, imageId));

        Assert.Equal(first.Thumbnail, second.Thumbnail);
        Assert.Equal(first.Thumbnail, first.ThumbnailCall);
        Assert.Equal(first.Download, second.Download);
        Assert.Equal(first.ExpiresAt, second.ExpiresAt);
        var windowStart = SignedAt(first.Download);
        Assert.Equal(TimeSpan.Zero, TimeSpan.FromTicks(windowStart.Ticks % Window.Ticks));
        Assert.Equal(windowStart + Window + TimeSpan.FromMinutes(5), first.ExpiresAt);

        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(await service.Plain.GetByteArrayAsync(first.Download)));
        Assert.Equal(TestImages.Sha256(await service.Storage.ReadAsync(await ThumbnailKeyAsync(imageId))),
            TestImages.Sha256(await service.Plain.GetByteArrayAsync(first.Thumbnail)));
    }

    [Fact]
    public async Task Another_signer_with_the_same_credentials_produces_the_apis_url_byte_for_byte()
    {
        var userId = ImageApiClient.NewUserId();
        var imageId = await service.UploadAsync(userId, TestImages.Png());
        using (var complete = await Api.Http.PostAsync($"/images/{imageId}/complete", null)) Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var urls = await UrlsAsync(userId, imageId);
        var presigner = PresignerFor(urls.Download);
        var signedAt = SignedAt(urls.Download);

        Assert.Equal(urls.Thumbnail, presigner.SignDownloadAt(await ThumbnailKeyAsync(imageId), signedAt, urls.ExpiresAt));
        Assert.Equal(urls.Download,
            presigner.SignDownloadAt($"images/{imageId}", signedAt, urls.ExpiresAt, "image/png", $"inline; filename=\"{imageId}.png\""));
    }

    [Fact]
    public async Task A_url_of_the_previous_window_works_until_its_expiry_and_not_after()
    {
        var imageId = await service.UploadAsync(ImageApiClient.NewUserId(), TestImages.Png());
        var presigner = PresignerFor(new Uri(service.App.GetEndpoint("s3", "http"), "/images-bucket/x").AbsoluteUri);
        var now = DateTime.UtcNow;
        var previousWindow = new DateTime(now.Ticks - now.Ticks % Window.Ticks, DateTimeKind.Utc) - Window;
        var key = $"uploads/{imageId}";

        using var valid = await service.Plain.GetAsync(presigner.SignDownloadAt(key, previousWindow, now.AddMinutes(1)));
        using var expired = await service.Plain.GetAsync(presigner.SignDownloadAt(key, previousWindow, now.AddSeconds(-2)));

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    // Thumbnail keys name their recipe: the 256 px one is whichever the bucket holds.
    private async Task<string> ThumbnailKeyAsync(string imageId) =>
        (await service.Storage.KeysOfAsync(imageId)).Single(key => key.StartsWith($"thumbnails/{imageId}/256-", StringComparison.Ordinal));

    private sealed record Urls(string Thumbnail, string ThumbnailCall, string Download, DateTime ExpiresAt);

    private async Task<Urls> UrlsAsync(string userId, string imageId)
    {
        using var listing = await Api.Http.GetAsync($"/images?user_id={userId}&thumbnail_size=256");
        var item = Assert.Single(Assert.IsType<JsonArray>(await ImageApiClient.ReadJsonAsync(listing)))!;
        var thumbnail = await ImageApiClient.ReadObjectAsync(await Api.Http.GetAsync($"/images/{imageId}/thumbnail?size=256"));
        var download = await ImageApiClient.ReadObjectAsync(await Api.Http.GetAsync($"/images/{imageId}/download"));
        return new Urls(item["thumbnail_url"]!.GetValue<string>(), thumbnail["download_url"]!.GetValue<string>(), download["download_url"]!.GetValue<string>(),
            download["expires_at"]!.GetValue<DateTime>().ToUniversalTime());
    }

    // Two calls that straddle the turn of the hour rightly differ: then the pair is taken again, inside the next window.
    private static async Task<(T First, T Second)> TwiceWithinOneWindowAsync<T>(Func<Task<T>> call)
    {
        while (true)
        {
            var before = WindowOf(DateTime.UtcNow);
            var pair = (await call(), await call());
            if (WindowOf(DateTime.UtcNow) == before) return pair;
        }

        static long WindowOf(DateTime time) => time.Ticks / Window.Ticks;
    }

    private static DateTime SignedAt(string url) => DateTime.ParseExact(HttpUtility.ParseQueryString(new Uri(url).Query)["X-Amz-Date"]!,
        "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // Signs for the S3 address the API's URLs name, with the credentials the API signs with.
    private static QueryStringPresigner PresignerFor(string apiUrl)
    {
        var s3 = new AmazonS3Client(SharedCredentials, new AmazonS3Config
        {
            ServiceURL = new Uri(apiUrl).GetLeftPart(UriPartial.Authority),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        var presigner = new QueryStringPresigner(s3, "images-bucket", SharedCredentials);
        Assert.True(presigner.IsActive, presigner.Mismatch);
        return presigner;
    }
}
