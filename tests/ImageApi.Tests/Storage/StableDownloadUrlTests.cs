using System.Globalization;
using System.Web;
using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.Time.Testing;

namespace ImageApi.Tests.Storage;

/// <summary>Download and thumbnail URLs are the same throughout a signing window, whichever instance signs them.</summary>
public class StableDownloadUrlTests
{
    private const string Thumbnail = "thumbnails/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/256.webp";
    private const string Original = "images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
    private static readonly DownloadUrlPolicy Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
    private static readonly BasicAWSCredentials SharedCredentials = new("S3RVER", "S3RVER");

    private static (ObjectUrlSigner Signer, FakeTimeProvider Clock, CountingS3Client S3) Instance(string time)
    {
        var aws = new AWSOptions { Region = RegionEndpoint.USEast1, Credentials = SharedCredentials };
        var s3 = new CountingS3Client(new AmazonS3Client(SharedCredentials, AwsClientFactory.CreateS3Config(aws, new StorageOptions(), "http://127.0.0.1:4568")));
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T" + time + "Z", CultureInfo.InvariantCulture));
        return (new ObjectUrlSigner(s3.S3, "images-bucket", SharedCredentials, clock: clock), clock, s3);
    }

    private static async Task<(Uri Thumbnail, Uri Download)> UrlsOf(ObjectUrlSigner signer) =>
        ((await signer.SignDownloadAsync(Thumbnail, Hourly)).Url,
         (await signer.SignDownloadAsync(Original, Hourly, "image/jpeg", "3f2b8c1e.jpg")).Url);

    private static string Parameter(Uri url, string name) => HttpUtility.ParseQueryString(url.Query)[name]!;

    [Fact]
    public async Task Two_instances_sharing_credentials_give_byte_identical_urls_anywhere_within_a_window()
    {
        var early = Instance("10:00:01");
        var late = Instance("10:59:59.999");

        var first = await UrlsOf(early.Signer);
        early.Clock.Advance(TimeSpan.FromMinutes(30));
        var again = await UrlsOf(early.Signer);
        var elsewhere = await UrlsOf(late.Signer);

        Assert.Equal(first.Thumbnail.AbsoluteUri, again.Thumbnail.AbsoluteUri);
        Assert.Equal(first.Download.AbsoluteUri, again.Download.AbsoluteUri);
        Assert.Equal(first.Thumbnail.AbsoluteUri, elsewhere.Thumbnail.AbsoluteUri);
        Assert.Equal(first.Download.AbsoluteUri, elsewhere.Download.AbsoluteUri);
    }

    [Fact]
    public async Task The_next_window_gives_new_urls()
    {
        var instance = Instance("10:59:59");
        var before = await UrlsOf(instance.Signer);

        instance.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await UrlsOf(instance.Signer);

        Assert.NotEqual(before.Thumbnail, after.Thumbnail);
        Assert.NotEqual(before.Download, after.Download);
        Assert.Equal("20261130T110000Z", Parameter(after.Thumbnail, "X-Amz-Date"));
    }

    [Fact]
    public async Task A_url_is_signed_at_the_window_start_and_expires_the_lifetime_after_the_window_ends()
    {
        var (signer, _, _) = Instance("10:17:03");

        var signed = await signer.SignDownloadAsync(Original, Hourly, "image/jpeg", "3f2b8c1e.jpg");

        Assert.Equal("20261130T100000Z", Parameter(signed.Url, "X-Amz-Date"));
        Assert.Equal("3900", Parameter(signed.Url, "X-Amz-Expires"));
        Assert.Equal(new DateTime(2026, 11, 30, 11, 5, 0, DateTimeKind.Utc), signed.ExpiresAt);
    }

    [Fact]
    public async Task Download_urls_carry_the_response_overrides_and_are_signed_without_the_sdk()
    {
        var (signer, _, s3) = Instance("10:17:03");
        await signer.SignDownloadAsync(Thumbnail, Hourly); // the first signing compares our URLs with the SDK's
        var afterComparison = s3.PresignCalls;

        var url = (await signer.SignDownloadAsync(Original, Hourly, "image/jpeg", "3f2b8c1e.jpg")).Url;

        Assert.Equal("image/jpeg", Parameter(url, "response-content-type"));
        Assert.Equal("inline; filename=\"3f2b8c1e.jpg\"", Parameter(url, "response-content-disposition"));
        Assert.Equal(afterComparison, s3.PresignCalls);
    }

    [Fact]
    public async Task Upload_urls_are_still_signed_at_now()
    {
        var (signer, _, _) = Instance("10:17:03");

        var url = await signer.SignUploadAsync("uploads/3f2b8c1e", "image/png", 1234, DateTime.UtcNow.AddMinutes(15));

        var signedAt = DateTime.ParseExact(Parameter(url, "X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.InRange(signedAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }
}
