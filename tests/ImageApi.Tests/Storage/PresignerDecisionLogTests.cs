using System.Text.RegularExpressions;
using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Images;
using CloudImageService.Storage.S3;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace ImageApi.Tests.Storage;

/// <summary>
/// Whether our presigner signs or silently leaves every URL to the slower SDK is logged once, when it decides.
/// In the SDK clock's collection: a stopped SDK clock would make the presigner's probe fail, and so the decision.
/// </summary>
[Collection(SdkClockCollection.Name)]
public class PresignerDecisionLogTests
{
    private const string Bucket = "images-bucket";

    [Fact]
    public void Signing_itself_is_logged_once_as_information()
    {
        var logs = new CapturedLogs();
        var credentials = new BasicAWSCredentials("S3RVER", "S3RVER");
        var client = new AmazonS3Client(credentials, new AmazonS3Config
        {
            ServiceURL = "http://127.0.0.1:4568",
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
        });

        var presigner = new QueryStringPresigner(client, Bucket, credentials, logs.CreateLogger("presigner"));
        SignSome(presigner);

        var entry = Assert.Single(logs.Entries);
        Assert.True(presigner.IsActive);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("signed by QueryStringPresigner", entry.Message);
        Assert.Contains("http://127.0.0.1:4568/images-bucket/", entry.Message);
    }

    [Theory]
    [InlineData("arn:aws:s3:us-east-1:123456789012:accesspoint/images", "does not model access point ARNs")]
    [InlineData("images--use1-az4--x-s3", "does not model S3 Express directory buckets")]
    public void A_bucket_it_does_not_model_is_logged_once_as_a_warning_with_the_reason(string bucket, string reason)
    {
        var logs = new CapturedLogs();
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret");
        var client = new AmazonS3Client(credentials, new AmazonS3Config { RegionEndpoint = RegionEndpoint.USEast1 });

        var presigner = new QueryStringPresigner(client, bucket, credentials, logs.CreateLogger("presigner"));

        Assert.False(presigner.IsActive);
        Assert.False(presigner.IsActive);
        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("signed by the AWS SDK", entry.Message);
        Assert.Contains(reason, entry.Message);
    }

    [Fact]
    public void Urls_that_differ_from_the_sdks_are_logged_once_as_a_warning_showing_both_without_their_secrets()
    {
        var logs = new CapturedLogs();
        var clientCredentials = new SessionAWSCredentials("ASIACLIENT", "client-secret", "client-session-token");
        var otherCredentials = new SessionAWSCredentials("ASIAOTHER", "other-secret", "other-session-token");
        var client = new AmazonS3Client(clientCredentials, new AmazonS3Config { RegionEndpoint = RegionEndpoint.EUWest1 });

        // Credentials other than the client's: the SDK signs with the client's, so the URLs cannot match.
        var presigner = new QueryStringPresigner(client, Bucket, otherCredentials, logs.CreateLogger("presigner"));
        SignSome(presigner);

        var entry = Assert.Single(logs.Entries);
        Assert.False(presigner.IsActive);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("signed by the AWS SDK", entry.Message);
        Assert.Contains("differ from the SDK's", entry.Message);
        Assert.Contains("ASIACLIENT", entry.Message);
        Assert.Contains("ASIAOTHER", entry.Message);
        Assert.DoesNotContain("session-token", entry.Message);
        var signatures = Regex.Matches(presigner.Mismatch!, "X-Amz-Signature=([0-9a-f]{64})").Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(2, signatures.Count);
        Assert.All(signatures, signature => Assert.DoesNotContain(signature, entry.Message));
    }

    [Fact]
    public async Task The_api_logs_the_decision_when_it_first_signs()
    {
        var logs = new CapturedLogs();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseEnvironment("Development")
            .UseSetting("AWS:Region", "us-east-1")
            .UseSetting("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4568")
            .ConfigureLogging(logging => logging.AddProvider(logs))
            .ConfigureTestServices(services => services.AddSingleton(new AWSOptions
            {
                Region = RegionEndpoint.USEast1,
                Credentials = new BasicAWSCredentials("S3RVER", "S3RVER"),
            })));
        var signer = factory.Services.GetRequiredService<ObjectUrlSigner>();

        var policy = new DownloadUrlPolicy(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
        await signer.SignDownloadAsync("images/1", policy);
        await signer.SignDownloadAsync("images/2", policy);

        var entry = Assert.Single(logs.Entries, entry => entry.Category == typeof(QueryStringPresigner).FullName);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("http://127.0.0.1:4568/images-bucket/", entry.Message);
    }

    private static void SignSome(QueryStringPresigner presigner)
    {
        for (var i = 0; i < 3; i++)
        {
            presigner.SignDownloadAt($"images/{i}", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5));
            presigner.SignUpload($"uploads/{i}", "image/png", 1234, DateTime.UtcNow.AddMinutes(15));
        }
    }
}
