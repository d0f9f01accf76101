using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage;

/// <summary>
/// Creates the bucket (with CORS rules) and the table (with its index) when <see cref="StorageOptions.CreateResources"/>
/// is set. Every step tolerates "already exists", so it is safe to run twice or from several instances at once.
/// Retries until storage answers, then marks <see cref="StorageReadiness"/>.
/// </summary>
public sealed partial class StorageInitializer(
    IAmazonS3 s3,
    IAmazonDynamoDB dynamoDb,
    IOptions<StorageOptions> options,
    StorageReadiness readiness,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    private readonly StorageOptions _storage = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_storage.CreateResources)
        {
            readiness.MarkReady();
            return;
        }

        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureResourcesAsync(stoppingToken);
                readiness.MarkReady();
                LogReady(_storage.BucketName, _storage.TableName);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                readiness.LastError = exception.Message;
                LogRetry(exception, delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    public async Task EnsureResourcesAsync(CancellationToken cancellationToken)
    {
        await EnsureBucketAsync(cancellationToken);
        await EnsureTableAsync(cancellationToken);
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        using (StorageTelemetry.StartS3("CreateBucket", _storage.BucketName))
        {
            try
            {
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = _storage.BucketName }, cancellationToken);
            }
            catch (AmazonS3Exception exception) when (exception.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
            }
        }

        using (StorageTelemetry.StartS3("PutBucketCors", _storage.BucketName))
        {
            await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
            {
                BucketName = _storage.BucketName,
                Configuration = new CORSConfiguration { Rules = [BrowserUploadCorsRule(_storage.CorsOrigins)] },
            }, cancellationToken);
        }
    }

    public static CORSRule BrowserUploadCorsRule(IEnumerable<string> origins) => new()
    {
        AllowedOrigins = [.. origins],
        AllowedMethods = ["PUT", "GET", "HEAD"],
        AllowedHeaders = ["*"],
        ExposeHeaders = ["ETag"],
        MaxAgeSeconds = 3000,
    };

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        using (StorageTelemetry.StartDynamoDb("CreateTable", _storage.TableName))
        {
            try
            {
                await dynamoDb.CreateTableAsync(TableRequests.CreateTable(_storage.TableName), cancellationToken);
            }
            catch (ResourceInUseException)
            {
            }
        }

        while (true)
        {
            using var activity = StorageTelemetry.StartDynamoDb("DescribeTable", _storage.TableName);
            var table = (await dynamoDb.DescribeTableAsync(_storage.TableName, cancellationToken)).Table;
            var indexesActive = (table.GlobalSecondaryIndexes ?? []).All(index => index.IndexStatus == IndexStatus.ACTIVE);
            if (table.TableStatus == TableStatus.ACTIVE && indexesActive) return;
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: bucket {Bucket}, table {Table}")]
    private partial void LogReady(string bucket, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage not reachable yet; retrying in {Delay}")]
    private partial void LogRetry(Exception exception, TimeSpan delay);
}
