using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Images;
using CloudImageService.Storage.S3;

namespace ImageApi.Tests.Storage;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SdkClockCollection
{
    public const string Name = "The AWS SDK's clock (stopped by these tests)";
}

/// <summary>
/// Our presigner must hand out exactly the SDK's URLs. The SDK's clock is stopped (its internal time source), so both
/// sign at the same instant; then thousands of random keys, requests (GET, with and without response overrides; PUT with
/// content type, length and SHA-256 checksum; UploadPart with upload id, part number, length and checksum), expiries and
/// credentials (with and without session tokens) against emulator, regional and custom endpoints must give identical
/// strings, whether signed at now or at the start of a signing window.
/// </summary>
[Collection(SdkClockCollection.Name)]
public class QueryStringPresignerTests
{
    private const string Bucket = "images-bucket";

    public static TheoryData<string> Endpoints => new()
    {
        "emulator http://127.0.0.1:4568",
        "emulator http://localhost:4566/",
        "region eu-west-1",
        "region us-east-1",
        "region ap-southeast-2 path-style",
        "custom https://s3.example.com:8443",
        "custom https://storage.example.com",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void Urls_are_byte_identical_to_the_sdks_for_random_inputs(string endpoint)
    {
        var random = new Random(endpoint.GetHashCode(StringComparison.Ordinal));
        var withToken = new SessionAWSCredentials("ASIA" + RandomText(random, 16, Alphanumeric), RandomText(random, 40, Alphanumeric + "/+"),
            RandomText(random, 300, Alphanumeric + "/+="));
        var withoutToken = new BasicAWSCredentials("AKIA" + RandomText(random, 16, Alphanumeric), RandomText(random, 40, Alphanumeric + "/+"));

        foreach (var credentials in new AWSCredentials[] { withToken, withoutToken })
        {
            var client = Client(endpoint, credentials);
            var presigner = new QueryStringPresigner(client, Bucket, credentials);
            Assert.True(presigner.IsActive, presigner.Mismatch ?? "the presigner must reproduce the SDK at start-up");

            for (var i = 0; i < 1500; i++)
            {
                var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 365 * 3));
                var key = RandomKey(random);
                var expires = now.AddTicks(random.NextInt64(TimeSpan.TicksPerSecond, TimeSpan.TicksPerDay * 7 - TimeSpan.TicksPerSecond));
                var request = RandomRequest(random);

                using (StoppedSdkClock(now))
                {
                    Assert.Equal(client.GetPreSignedURL(SdkRequest(endpoint, key, request, expires)), request.Sign(presigner, key, now, expires));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void Download_urls_signed_at_a_windows_start_are_byte_identical_to_the_sdks_signing_at_that_instant(string endpoint)
    {
        var random = new Random(endpoint.GetHashCode(StringComparison.Ordinal) + 1);
        var withToken = new SessionAWSCredentials("ASIA" + RandomText(random, 16, Alphanumeric), RandomText(random, 40, Alphanumeric + "/+"),
            RandomText(random, 300, Alphanumeric + "/+="));
        var withoutToken = new BasicAWSCredentials("AKIA" + RandomText(random, 16, Alphanumeric), RandomText(random, 40, Alphanumeric + "/+"));

        foreach (var credentials in new AWSCredentials[] { withToken, withoutToken })
        {
            var client = Client(endpoint, credentials);
            var presigner = new QueryStringPresigner(client, Bucket, credentials);
            Assert.True(presigner.IsActive, presigner.Mismatch ?? "the presigner must reproduce the SDK at start-up");

            for (var i = 0; i < 750; i++)
            {
                var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(random.NextInt64(TimeSpan.TicksPerDay * 365 * 3));
                var policy = RandomPolicy(random);
                var window = policy.WindowAt(now);
                var key = RandomKey(random);
                var request = random.Next(3) == 0 ? Download : RandomOverrides(random);

                using (StoppedSdkClock(window.SignedAt))
                {
                    Assert.Equal(client.GetPreSignedURL(SdkRequest(endpoint, key, request, window.ExpiresAt)),
                        presigner.SignDownloadAt(key, window.SignedAt, window.ExpiresAt, request.ResponseContentType, request.ResponseContentDisposition));
                }
            }
        }
    }

    private static DownloadUrlPolicy RandomPolicy(Random random)
    {
        var window = TimeSpan.FromSeconds(random.Next(5) switch
        {
            0 => 0,
            1 => 60,
            2 => 3600,
            3 => 86_400,
            _ => random.Next(1, 6 * 86_400),
        });
        var lifetime = TimeSpan.FromSeconds(random.NextInt64(10, (long)(DownloadUrlPolicy.MaxValidity - window).TotalSeconds + 1));
        return new DownloadUrlPolicy(window, lifetime);
    }

    [Fact]
    public void Keys_with_dot_segments_are_signed_by_the_sdk_and_still_identical()
    {
        var credentials = new BasicAWSCredentials("S3RVER", "S3RVER");
        var client = Client("emulator http://127.0.0.1:4568", credentials);
        var presigner = new QueryStringPresigner(client, Bucket, credentials);
        var expires = DateTime.UtcNow.AddMinutes(5);

        foreach (var key in new[] { "a/../b", "./x", "x/.", "..", "a//b", "/leading" })
        {
            var now = DateTime.UtcNow;
            using (StoppedSdkClock(now))
            {
                Assert.Equal(client.GetPreSignedURL(SdkRequest("emulator http://", key, Download, expires)), presigner.SignDownloadAt(key, now, expires));
            }
        }
    }

    [Fact]
    public void Part_and_checksum_urls_with_plain_upload_ids_and_base64_checksums_are_signed_without_the_sdk()
    {
        var credentials = new BasicAWSCredentials("S3RVER", "S3RVER");
        var client = new CountingS3Client(Client("emulator http://127.0.0.1:4568", credentials));
        var presigner = new QueryStringPresigner(client.S3, Bucket, credentials);
        Assert.True(presigner.IsActive, presigner.Mismatch);
        var atStartUp = client.PresignCalls;
        var expires = DateTime.UtcNow.AddMinutes(15);

        presigner.SignUpload("uploads/a", "image/png", 1234, expires, Sha256Base64("a"));
        presigner.SignUploadPart("uploads/a", "0123456789abcdef0123456789abcdef", 1, 5_242_880, expires);
        presigner.SignUploadPart("uploads/a", "VXBsb2FkIElE.ZWxldmlzaW9u-bXlf_bW92aWU~", 10_000, 17, expires, Sha256Base64("b"));

        Assert.Equal(atStartUp, client.PresignCalls);
    }

    [Theory]
    [InlineData("id+with/base64=", null)]
    [InlineData("id with space", null)]
    [InlineData("id&partNumber=2", null)]
    [InlineData("", null)]
    [InlineData("plain-id", " n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg= ")]
    [InlineData("plain-id", "n4bQgYhMfWWaL+qgxVrQ\tFaO/TxsrC4Is0V1sFbDwCgg=")]
    public void Upload_ids_and_checksums_the_sdk_would_encode_or_canonicalize_are_left_to_it_and_still_identical(
        string uploadId, string? sha256Base64)
    {
        var credentials = new BasicAWSCredentials("S3RVER", "S3RVER");
        var client = new CountingS3Client(Client("emulator http://127.0.0.1:4568", credentials));
        var presigner = new QueryStringPresigner(client.S3, Bucket, credentials);
        Assert.True(presigner.IsActive, presigner.Mismatch);
        var request = new Request(HttpVerb.PUT, null, 1234, sha256Base64, uploadId, 3);
        var expires = DateTime.UtcNow.AddMinutes(15);

        var now = DateTime.UtcNow;
        using (StoppedSdkClock(now))
        {
            var calls = client.PresignCalls;
            var ours = request.Sign(presigner, "uploads/a", now, expires);
            Assert.Equal(calls + 1, client.PresignCalls);
            Assert.Equal(client.S3.GetPreSignedURL(SdkRequest("emulator http://", "uploads/a", request, expires)), ours);
        }
    }

    private static string Sha256Base64(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// What one URL signs besides key and expiry; an upload id makes it an UploadPart URL, a response override a GET
    /// URL that dictates the response's headers. Uploads are signed at the (stopped) clock's now, downloads at
    /// <c>now</c> given, as the API signs them.
    /// </summary>
    private sealed record Request(HttpVerb Verb, string? ContentType, long? Length, string? Sha256Base64, string? UploadId, int PartNumber,
        string? ResponseContentType = null, string? ResponseContentDisposition = null)
    {
        public string Sign(QueryStringPresigner presigner, string key, DateTime now, DateTime expires) =>
            UploadId is not null ? presigner.SignUploadPart(key, UploadId, PartNumber, Length!.Value, expires, Sha256Base64)
            : Verb == HttpVerb.PUT ? presigner.SignUpload(key, ContentType!, Length, expires, Sha256Base64)
            : presigner.SignDownloadAt(key, now, expires, ResponseContentType, ResponseContentDisposition);
    }

    // What the API sends (a type and an inline file name), one of the two alone, and anything at all.
    private static Request RandomOverrides(Random random) => random.Next(4) switch
    {
        0 => Download with
        {
            ResponseContentType = ContentTypes[random.Next(ContentTypes.Length)],
            ResponseContentDisposition = $"inline; filename=\"{Guid.NewGuid()}.{(random.Next(2) == 0 ? "jpg" : "webp")}\"",
        },
        1 => Download with { ResponseContentType = RandomText(random, random.Next(1, 60), KeyCharacters) },
        2 => Download with { ResponseContentDisposition = RandomText(random, random.Next(1, 60), KeyCharacters) },
        _ => Download with
        {
            ResponseContentType = RandomText(random, random.Next(1, 60), KeyCharacters),
            ResponseContentDisposition = RandomText(random, random.Next(1, 120), KeyCharacters),
        },
    };

    private static readonly Request Download = new(HttpVerb.GET, null, null, null, null, 0);

    private static Request RandomRequest(Random random)
    {
        var checksum = random.Next(2) == 0 ? null : RandomChecksum(random);
        return random.Next(4) switch
        {
            0 => Download,
            1 => RandomOverrides(random),
            2 => new Request(HttpVerb.PUT, ContentTypes[random.Next(ContentTypes.Length)], random.Next(3) == 0 ? null : RandomLength(random),
                checksum, null, 0),
            _ => new Request(HttpVerb.PUT, null, RandomLength(random), checksum, RandomUploadId(random), RandomPartNumber(random)),
        };
    }

    private static long RandomLength(Random random) => random.NextInt64(0, 5L * 1024 * 1024 * 1024);

    private static int RandomPartNumber(Random random) => random.Next(4) switch
    {
        0 => 1,
        1 => 10_000,
        _ => random.Next(1, 10_001),
    };

    // Upload ids as s3rver makes them (hex), as S3 makes them (letters, digits, '.', '_', '-'), and with anything in them.
    private static string RandomUploadId(Random random) => random.Next(4) switch
    {
        0 => Convert.ToHexStringLower(RandomBytes(random, 16)),
        1 or 2 => RandomText(random, random.Next(1, 200), Alphanumeric + "._-~"),
        _ => RandomText(random, random.Next(1, 60), KeyCharacters),
    };

    // Mostly real checksums; now and then one with white space, which SigV4 canonicalizes.
    private static string RandomChecksum(Random random)
    {
        var checksum = Convert.ToBase64String(RandomBytes(random, 32));
        return random.Next(8) switch
        {
            0 => "  " + checksum + " ",
            1 => checksum[..20] + "  \t " + checksum[20..],
            _ => checksum,
        };
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static readonly string[] ContentTypes =
    [
        "image/png", "image/jpeg", "image/webp", "image/gif", "image/tiff", "image/avif", "image/heic",
        "image/svg+xml", "application/octet-stream", "text/plain; charset=utf-8", "  image/png  ", "multipart/form-data;  boundary=x",
    ];

    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Any characters: ASCII punctuation, spaces, '%' and '+', slashes (so empty segments too), accents, CJK, emoji.
    private const string KeyCharacters = Alphanumeric + "-_.~/ !\"#$%&'()*+,:;<=>?@[\\]^`{|}éüßñ漢字🙂\t";

    private static string RandomKey(Random random) => random.Next(4) switch
    {
        0 => "uploads/" + Guid.NewGuid(),
        1 => $"thumbnails/{Guid.NewGuid()}/{random.Next(16, 4097)}.webp",
        _ => RandomText(random, random.Next(1, 200), KeyCharacters).Replace("/./", "/x/").Replace("/../", "/xx/") is var key
             && IsDotSegmentFree(key) ? key : "k" + Guid.NewGuid(),
    };

    private static bool IsDotSegmentFree(string key) => key.Split('/').All(segment => segment is not ("." or ".."));

    private static string RandomText(Random random, int length, string alphabet)
    {
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        var symbols = new List<string>();
        while (elements.MoveNext()) symbols.Add(elements.GetTextElement());
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(symbols[random.Next(symbols.Count)]);
        return text.ToString();
    }

    private static AmazonS3Client Client(string endpoint, AWSCredentials credentials)
    {
        var parts = endpoint.Split(' ');
        var config = new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        switch (parts[0])
        {
            case "emulator" or "custom":
                config.ServiceURL = parts[1];
                config.AuthenticationRegion = "us-east-1";
                config.ForcePathStyle = true;
                break;
            default:
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(parts[1]);
                config.ForcePathStyle = parts.Length > 2;
                break;
        }
        return new AmazonS3Client(credentials, config);
    }

    private static GetPreSignedUrlRequest SdkRequest(string endpoint, string key, Request signed, DateTime expires)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = signed.Verb,
            Expires = expires,
            Protocol = endpoint.Contains("http://", StringComparison.Ordinal) ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (signed.ContentType is not null) request.ContentType = signed.ContentType;
        if (signed.Length is { } length) request.Headers.ContentLength = length;
        if (signed.Sha256Base64 is not null) request.Headers["x-amz-checksum-sha256"] = signed.Sha256Base64;
        if (signed.UploadId is not null)
        {
            request.UploadId = signed.UploadId;
            request.PartNumber = signed.PartNumber;
        }
        if (signed.ResponseContentType is not null) request.ResponseHeaderOverrides.ContentType = signed.ResponseContentType;
        if (signed.ResponseContentDisposition is not null) request.ResponseHeaderOverrides.ContentDisposition = signed.ResponseContentDisposition;
        return request;
    }

    /// <summary>Stops the SDK's clock (AWSConfigs.utcNowSource, internal) at <paramref name="now"/> until disposed.</summary>
    private static IDisposable StoppedSdkClock(DateTime now)
    {
        var field = typeof(AWSConfigs).GetField("utcNowSource", BindingFlags.Static | BindingFlags.NonPublic)
                    ?? throw new InvalidOperationException("AWSConfigs.utcNowSource not found: the SDK changed; adapt this test.");
        var original = field.GetValue(null);
        field.SetValue(null, (Func<DateTime>)(() => now));
        return new Restore(() => field.SetValue(null, original));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
