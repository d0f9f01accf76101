using System.Reflection;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Storage;

namespace ImageApi.Tests.Storage;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SdkClockCollection
{
    public const string Name = "The AWS SDK's clock (stopped by these tests)";
}

/// <summary>
/// Our presigner must hand out exactly the SDK's URLs. The SDK's clock is stopped (its internal time source), so both
/// sign at the same instant; then thousands of random keys, verbs, content types, lengths, expiries and credentials
/// (with and without session tokens) against emulator, regional and custom endpoints must give identical strings.
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
                var put = random.Next(2) == 0;
                var contentType = ContentTypes[random.Next(ContentTypes.Length)];
                long? length = random.Next(3) == 0 ? null : random.NextInt64(0, 5L * 1024 * 1024 * 1024);

                using (StoppedSdkClock(now))
                {
                    var sdk = client.GetPreSignedURL(SdkRequest(endpoint, key, put, contentType, length, expires));
                    var ours = put ? presigner.SignUpload(key, contentType, length, expires) : presigner.SignDownload(key, expires);
                    Assert.Equal(sdk, ours);
                }
            }
        }
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
            using (StoppedSdkClock(DateTime.UtcNow))
            {
                Assert.Equal(client.GetPreSignedURL(SdkRequest("emulator http://", key, put: false, null, null, expires)), presigner.SignDownload(key, expires));
            }
        }
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

    private static GetPreSignedUrlRequest SdkRequest(string endpoint, string key, bool put, string? contentType, long? length, DateTime expires)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = put ? HttpVerb.PUT : HttpVerb.GET,
            Expires = expires,
            Protocol = endpoint.Contains("http://", StringComparison.Ordinal) ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (put)
        {
            request.ContentType = contentType;
            if (length is { } value) request.Headers.ContentLength = value;
        }
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
