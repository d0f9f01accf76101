using System.Globalization;
using System.Reflection;
using System.Web;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Images;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.Time.Testing;

namespace ImageApi.Tests.Storage;

/// <summary>The window is taken on storage's clock: the local clock corrected by the skew the SDK measured, as the SDK signs.</summary>
[Collection(SdkClockCollection.Name)]
public class ClockSkewWindowTests
{
    [Fact]
    public async Task The_window_floors_the_clock_corrected_for_the_skew_the_sdk_measured()
    {
        var credentials = new BasicAWSCredentials("S3RVER", "S3RVER");
        // An endpoint no other test signs for: the correction set here (global to the SDK) cannot leak into them.
        var s3 = new AmazonS3Client(credentials, new AmazonS3Config
        {
            ServiceURL = "http://127.0.0.1:4599",
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
        });
        var endpoint = s3.Config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(
            new GetPreSignedUrlRequest { BucketName = "images-bucket", Key = "presigner-probe", Verb = HttpVerb.GET, Protocol = Protocol.HTTP })).URL;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 55, 0, TimeSpan.Zero));
        var signer = new ObjectUrlSigner(s3, "images-bucket", credentials, clock: clock);

        SetClockCorrection(endpoint, TimeSpan.FromMinutes(10));
        try
        {
            var signed = await signer.SignDownloadAsync("images/a", new DownloadUrlPolicy(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)));

            Assert.Equal(new DateTime(2026, 11, 30, 11, 0, 0, DateTimeKind.Utc), SignedAt(signed.Url));
            Assert.Equal(DateTime.Parse("2026-11-30T12:05:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), signed.ExpiresAt);
        }
        finally
        {
            SetClockCorrection(endpoint, TimeSpan.Zero);
        }
    }

    private static DateTime SignedAt(Uri url) => DateTime.ParseExact(HttpUtility.ParseQueryString(url.Query)["X-Amz-Date"]!,
        "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>What the SDK records when S3 answers RequestTimeTooSkewed (CorrectClockSkew.SetClockCorrectionForEndpoint, internal).</summary>
    private static void SetClockCorrection(string endpoint, TimeSpan correction)
    {
        var method = typeof(CorrectClockSkew).GetMethod("SetClockCorrectionForEndpoint", BindingFlags.Static | BindingFlags.NonPublic)
                     ?? throw new InvalidOperationException("CorrectClockSkew.SetClockCorrectionForEndpoint not found: the SDK changed; adapt this test.");
        method.Invoke(null, [endpoint, correction]);
    }
}
