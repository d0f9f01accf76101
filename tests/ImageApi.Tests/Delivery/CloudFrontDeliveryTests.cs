using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Delivery;
using CloudImageService.Gallery;
using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.Time.Testing;

namespace ImageApi.Tests.Delivery;

/// <summary>
/// CloudFront mode: download and thumbnail URLs are the distribution's, signed with the shared key, so instances with
/// different AWS credentials hand out the same URL within a window; uploads stay S3 presigned. In S3 mode a URL never
/// promises more than its signing credentials live.
/// </summary>
public sealed class CloudFrontDeliveryTests
{
    private const string Domain = "d111111abcdef8.cloudfront.net";
    private const string KeyPairId = "K2JCJMDEHXQW5F";
    private const string Thumbnail = "thumbnails/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e/256-q80.webp";
    private const string Original = "images/3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";
    private static readonly DownloadUrlPolicy Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
    private static readonly RSA Key = RSA.Create(2048);
    private static readonly CloudFrontUrlSigner SharedKey = new(KeyPairId, Key.ExportPkcs8PrivateKeyPem());

    private static ObjectUrlSigner S3Signer(AWSCredentials credentials, TimeProvider clock)
    {
        var aws = new AWSOptions { Region = RegionEndpoint.USEast1, Credentials = credentials };
        var s3 = new AmazonS3Client(credentials, AwsClientFactory.CreateS3Config(aws, new StorageOptions(), "http://127.0.0.1:4568"));
        return new ObjectUrlSigner(s3, "images-bucket", credentials, clock: clock);
    }

    private static (CloudFrontObjectUrlSigner Signer, FakeTimeProvider Clock) Instance(
        string accessKey, string sessionToken, string time, int maxCachedUrls = CloudFrontObjectUrlSigner.MaxCachedUrls)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T" + time + "Z", CultureInfo.InvariantCulture));
        var credentials = new SessionAWSCredentials(accessKey, "secret-of-" + accessKey, sessionToken);
        return (new CloudFrontObjectUrlSigner(S3Signer(credentials, clock), SharedKey, Domain, clock, maxCachedUrls), clock);
    }

    private static string Parameter(Uri url, string name) => HttpUtility.ParseQueryString(url.Query)[name]!;

    [Fact]
    public async Task Two_tasks_with_different_credentials_give_byte_identical_download_urls_within_a_window_and_different_upload_urls()
    {
        var first = Instance("ASIAFIRSTTASK", "token-1", "10:00:01");
        var second = Instance("ASIASECONDTASK", "token-2", "10:59:59");

        var thumbnails = (await first.Signer.SignDownloadAsync(Thumbnail, Hourly), await second.Signer.SignDownloadAsync(Thumbnail, Hourly));
        var originals = (await first.Signer.SignDownloadAsync(Original, Hourly, "image/jpeg", "3f2b8c1e.jpg"),
            await second.Signer.SignDownloadAsync(Original, Hourly, "image/jpeg", "3f2b8c1e.jpg"));
        var expiry = first.Clock.GetUtcNow().UtcDateTime.AddMinutes(15);
        var uploads = (await first.Signer.SignUploadAsync("uploads/x", "image/png", 10, expiry), await second.Signer.SignUploadAsync("uploads/x", "image/png", 10, expiry));

        Assert.Equal(thumbnails.Item1.Url.OriginalString, thumbnails.Item2.Url.OriginalString);
        Assert.Equal(originals.Item1.Url.OriginalString, originals.Item2.Url.OriginalString);
        Assert.Equal(new DateTime(2026, 11, 30, 11, 5, 0, DateTimeKind.Utc), thumbnails.Item1.ExpiresAt);
        Assert.StartsWith($"https://{Domain}/{Thumbnail}?Expires=", thumbnails.Item1.Url.OriginalString, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", uploads.Item1.Host);
        Assert.NotEqual(uploads.Item1.AbsoluteUri, uploads.Item2.AbsoluteUri);
    }

    [Fact]
    public async Task A_url_carries_the_window_end_the_key_pair_id_and_a_signature_of_its_canned_policy_by_the_shared_key()
    {
        var task = Instance("ASIAFIRSTTASK", "token-1", "10:20:00");

        var signed = await task.Signer.SignDownloadAsync(Original, Hourly, "image/jpeg", "3f2b8c1e.jpg");

        var url = signed.Url.OriginalString;
        var resource = url[..url.IndexOf("&Expires=", StringComparison.Ordinal)];
        Assert.Equal($"https://{Domain}/{Original}?response-content-disposition=inline%3B%20filename%3D%223f2b8c1e.jpg%22&response-content-type=image%2Fjpeg", resource);
        var expires = long.Parse(Parameter(signed.Url, "Expires"), CultureInfo.InvariantCulture);
        Assert.Equal(new DateTimeOffset(signed.ExpiresAt).ToUnixTimeSeconds(), expires);
        Assert.Equal(KeyPairId, Parameter(signed.Url, "Key-Pair-Id"));
        var policy = "{\"Statement\":[{\"Resource\":\"" + resource + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + expires + "}}}]}";
        var signature = Convert.FromBase64String(Parameter(signed.Url, "Signature").Replace('-', '+').Replace('_', '=').Replace('~', '/'));
        Assert.True(Key.VerifyData(Encoding.UTF8.GetBytes(policy), signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task The_cache_of_signed_urls_starts_over_once_it_holds_its_bound_so_its_memory_stays_bounded()
    {
        var task = Instance("ASIAFIRSTTASK", "token-1", "10:20:00", maxCachedUrls: 3);
        var first = await task.Signer.SignDownloadAsync("thumbnails/a/256.webp", Hourly);
        await task.Signer.SignDownloadAsync("thumbnails/b/256.webp", Hourly);
        var cached = await task.Signer.SignDownloadAsync("thumbnails/a/256.webp", Hourly);

        await task.Signer.SignDownloadAsync("thumbnails/c/256.webp", Hourly); // the third: the bound is reached
        var signedAgain = await task.Signer.SignDownloadAsync("thumbnails/a/256.webp", Hourly);

        Assert.Same(first.Url.OriginalString, cached.Url.OriginalString);
        Assert.NotSame(first.Url.OriginalString, signedAgain.Url.OriginalString);
        Assert.Equal(first.Url.OriginalString, signedAgain.Url.OriginalString); // the same URL, signed again
    }

    [Fact]
    public void The_default_bound_is_the_documented_fifty_thousand_urls_a_window()
    {
        Assert.Equal(50_000, CloudFrontObjectUrlSigner.MaxCachedUrls);
        Assert.Contains("50,000", File.ReadAllText(RepositoryFiles.PathOf("docs", "delivery.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_window_gives_a_new_url_that_lasts_longer()
    {
        var task = Instance("ASIAFIRSTTASK", "token-1", "10:59:59");
        var before = await task.Signer.SignDownloadAsync(Thumbnail, Hourly);
        var again = await task.Signer.SignDownloadAsync(Thumbnail, Hourly);

        task.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await task.Signer.SignDownloadAsync(Thumbnail, Hourly);

        Assert.Same(before.Url.OriginalString, again.Url.OriginalString); // signed once per window
        Assert.NotEqual(before.Url.OriginalString, after.Url.OriginalString);
        Assert.Equal(before.ExpiresAt.AddHours(1), after.ExpiresAt);
    }

    [Fact]
    public async Task In_s3_mode_a_download_url_expires_no_later_than_the_temporary_credentials_that_signed_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 20, 0, TimeSpan.Zero));
        var expiring = new SessionAWSCredentials("ASIAFIRSTTASK", "secret", "token-1") { Expiration = new DateTime(2026, 11, 30, 10, 40, 30, 500, DateTimeKind.Utc) };
        var lasting = new SessionAWSCredentials("ASIAFIRSTTASK", "secret", "token-1");

        var cut = await S3Signer(expiring, clock).SignDownloadAsync(Thumbnail, Hourly);
        var whole = await S3Signer(lasting, clock).SignDownloadAsync(Thumbnail, Hourly);

        Assert.Equal(new DateTime(2026, 11, 30, 10, 40, 30, DateTimeKind.Utc), cut.ExpiresAt);
        Assert.Equal((40 * 60) + 30, int.Parse(Parameter(cut.Url, "X-Amz-Expires"), CultureInfo.InvariantCulture)); // signed at 10:00:00
        Assert.Equal(new DateTime(2026, 11, 30, 11, 5, 0, DateTimeKind.Utc), whole.ExpiresAt);
    }

    [Fact]
    public void The_gallery_loads_images_from_the_distribution_and_uploads_to_storage_each_named_exactly()
    {
        var policy = GalleryContentSecurityPolicy.For("https://images-bucket.s3.us-east-1.amazonaws.com", $"https://{Domain}");

        Assert.Contains($"img-src 'self' blob: data: https://{Domain};", policy, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' https://images-bucket.s3.us-east-1.amazonaws.com https://{Domain};", policy, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' blob: data: https://s3.example;", GalleryContentSecurityPolicy.For("https://s3.example"), StringComparison.Ordinal);
    }
}
