using Amazon;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Aspire.Hosting.Testing;
using CloudImageService.Images;
using CloudImageService.Ingest;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.Startup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AppHost.Tests;

/// <summary>
/// The calls in which S3 works through a whole object (the server-side copy of a verified upload, the completion of
/// a multipart upload) take seconds for large files, longer than the attempt timeout of an ordinary storage call.
/// The API's own storage and ingest services, wired as the API wires them, publish an upload through a path to
/// s3rver that holds those calls back for longer than <c>Storage:RequestTimeout</c> and loses the first completion's
/// answer (S3's InternalError in its place: the SDK retries, and s3rver no longer knows the upload).
/// </summary>
[Collection(ImageServiceCollection.Name)]
public sealed class WholeObjectCallTests(ImageServiceFixture service) : IDisposable
{
    private const string Bucket = "images-bucket";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HeldBack = TimeSpan.FromSeconds(2.5);

    private readonly S3PathProxy _proxy = new(service.App.GetEndpoint("s3", "http")) { Delay = HeldBack };

    [Fact]
    public async Task An_ordinary_storage_call_gives_up_on_a_copy_held_back_longer_than_its_attempt_timeout()
    {
        var key = await PutStagedAsync(TestImages.Png());
        using var host = ApiServices();
        var ordinary = host.Services.GetRequiredService<IAmazonS3>();

        await Assert.ThrowsAnyAsync<TimeoutException>(() => ordinary.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = key,
            DestinationBucket = Bucket,
            DestinationKey = key + "-copy",
        }));
        Assert.True(_proxy.HeldBack >= 1);
    }

    [Fact]
    public async Task A_multipart_upload_is_published_although_its_completion_and_copy_take_longer_than_a_request_timeout_and_the_first_completion_answer_is_lost()
    {
        var bytes = TestImages.Png(64, 48);
        var imageId = Guid.NewGuid().ToString();
        var staging = ObjectKeys.Staging(imageId);
        var uploadId = (await service.Storage.S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = staging,
            ContentType = "image/png",
        })).UploadId;
        await service.Storage.S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = staging,
            UploadId = uploadId,
            PartNumber = 1,
            InputStream = new MemoryStream(bytes),
        });
        var record = new ImageRecord(imageId, ImageApiClient.NewUserId(), "image/png", [], null, DateTime.UtcNow, ImageStatus.Pending, ObjectKeys.Original(imageId))
        {
            StagingKey = staging,
            MultipartUploadId = uploadId,
            PartSize = 8 * 1024 * 1024,
            SizeBytes = bytes.Length,
        };

        using var host = ApiServices();
        _proxy.LoseNextCompletionAnswer();
        await using var staged = await host.Services.GetRequiredService<IUploadPublisher>().StageAsync(record, CancellationToken.None);
        var outcome = staged.Ended ?? await staged.DecodeAndPublishAsync(CancellationToken.None);

        Assert.True(outcome is PublishOutcome.Published, outcome.ToString());
        var published = ((PublishOutcome.Published)outcome).Image;
        Assert.Equal((64, 48, bytes.Length), (published.Width, published.Height, published.SizeBytes));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), published.Sha256);
        Assert.Equal(1, _proxy.LostAnswers);
        Assert.True(_proxy.HeldBack >= 3, $"{_proxy.HeldBack} calls held back: two completion attempts and the copy");
        Assert.True(await service.Storage.ObjectExistsAsync(imageId));
    }

    private async Task<string> PutStagedAsync(byte[] bytes)
    {
        var key = ObjectKeys.Staging(Guid.NewGuid().ToString());
        await service.Storage.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            ContentType = "image/png",
            InputStream = new MemoryStream(bytes),
        });
        return key;
    }

    /// <summary>The API's storage and ingest services, with S3 reached through the proxy and a short attempt timeout.</summary>
    private IHost ApiServices()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AwsClientFactory.S3EndpointVariable] = _proxy.Endpoint.ToString(),
            [AwsClientFactory.DynamoDbEndpointVariable] = service.App.GetEndpoint("dynamodb", "http").ToString(),
            ["Storage:RequestTimeout"] = RequestTimeout.ToString(),
            ["Storage:CopyTimeout"] = "00:00:20",
        });
        builder.AddImageStorage();
        builder.AddImageIngest();
        builder.Services.AddMetrics();
        builder.Services.AddDefaultAWSOptions(new AWSOptions
        {
            Credentials = new BasicAWSCredentials("S3RVER", "S3RVER"),
            Region = RegionEndpoint.USEast1,
        });
        return builder.Build();
    }

    public void Dispose() => _proxy.Dispose();
}
