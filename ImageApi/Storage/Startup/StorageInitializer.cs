using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.Schema;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage.Startup;

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
                using (AwsCallLog.Suppress()) await EnsureResourcesAsync(stoppingToken);
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

        await EnsureStagingExpiryAsync(cancellationToken);
    }

    /// <summary>The bucket's lifecycle rules, as the CDK stack defines them too (<see cref="BucketLifecycleRule"/>); s3rver has no lifecycle API.</summary>
    private async Task EnsureStagingExpiryAsync(CancellationToken cancellationToken)
    {
        if (!_storage.EnableLifecycleRules) return;
        using (StorageTelemetry.StartS3("PutLifecycleConfiguration", _storage.BucketName))
        {
            await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
            {
                BucketName = _storage.BucketName,
                Configuration = new LifecycleConfiguration
                {
                    Rules = [.. BucketLifecycleRule.All.Select(ToS3Rule)],
                },
            }, cancellationToken);
        }
    }

    private static LifecycleRule ToS3Rule(BucketLifecycleRule rule) => new()
    {
        Id = rule.Id,
        Status = LifecycleRuleStatus.Enabled,
        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = rule.Prefix } },
        Expiration = rule.ExpireAfterDays is { } days ? new LifecycleRuleExpiration { Days = days } : null,
        AbortIncompleteMultipartUpload = rule.AbortIncompleteMultipartAfterDays is { } abortDays
            ? new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = abortDays }
            : null,
    };

    public static CORSRule BrowserUploadCorsRule(IEnumerable<string> origins) => new()
    {
        AllowedOrigins = [.. origins],
        AllowedMethods = [.. BrowserCorsRule.PresignedTransfers.AllowedMethods],
        AllowedHeaders = [.. BrowserCorsRule.PresignedTransfers.AllowedHeaders],
        ExposeHeaders = [.. BrowserCorsRule.PresignedTransfers.ExposedHeaders],
        MaxAgeSeconds = BrowserCorsRule.PresignedTransfers.MaxAgeSeconds,
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

        var table = await WaitUntilActiveAsync(cancellationToken);
        if (TableRequests.AddMissingIndex(table) is { } update)
        {
            await AddIndexAsync(table, update, cancellationToken);
            if (TableRequests.AddMissingIndex(await WaitUntilActiveAsync(cancellationToken)) is not null)
            {
                throw new InvalidOperationException(
                    $"Table {_storage.TableName} lacks an index of this version and the emulator cannot add one. " +
                    "Delete the emulator data (AppHost/.emulator-data) or run with LocalAws:InMemory=true.");
            }
        }

        await EnableTimeToLiveAsync(cancellationToken);
    }

    /// <summary>Polls until the table and all its indexes are ACTIVE (a new table or index takes a moment).</summary>
    private async Task<TableDescription> WaitUntilActiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            using var activity = StorageTelemetry.StartDynamoDb("DescribeTable", _storage.TableName);
            var table = (await dynamoDb.DescribeTableAsync(_storage.TableName, cancellationToken)).Table;
            if (table.TableStatus == TableStatus.ACTIVE && (table.GlobalSecondaryIndexes ?? []).All(index => index.IndexStatus == IndexStatus.ACTIVE))
            {
                return table;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>A table kept from an older version (persisted emulator data) gains the indexes added since.</summary>
    private async Task AddIndexAsync(TableDescription table, UpdateTableRequest update, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("UpdateTable", _storage.TableName);
        try
        {
            await dynamoDb.UpdateTableAsync(update, cancellationToken);
        }
        catch (AmazonDynamoDBException exception) when (exception.Message.Contains("provisionedThroughput", StringComparison.OrdinalIgnoreCase))
        {
            await dynamoDb.UpdateTableAsync(TableRequests.AddMissingIndex(table, withThroughput: true), cancellationToken);
        }
    }

    private async Task EnableTimeToLiveAsync(CancellationToken cancellationToken)
    {
        if (ImageStoreSchema.Table.TimeToLiveAttribute is not { } attribute || !_storage.EnableTimeToLive) return;
        using var activity = StorageTelemetry.StartDynamoDb("UpdateTimeToLive", _storage.TableName);
        try
        {
            await dynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = _storage.TableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = attribute, Enabled = true },
            }, cancellationToken);
        }
        catch (AmazonDynamoDBException exception) when (exception.Message.Contains("already enabled", StringComparison.OrdinalIgnoreCase)
                                                        || exception.ErrorCode is "UnknownOperationException")
        {
            // Enabled by an earlier start, or an emulator without TTL: rejected records are hidden from reads either way.
            LogTimeToLiveSkipped(exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB TTL not (re)enabled: {Reason}")]
    private partial void LogTimeToLiveSkipped(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: bucket {Bucket}, table {Table}")]
    private partial void LogReady(string bucket, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage not reachable yet; retrying in {Delay}")]
    private partial void LogRetry(Exception exception, TimeSpan delay);
}
