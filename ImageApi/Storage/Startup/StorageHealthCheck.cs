using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace CloudImageService.Storage.Startup;

/// <summary>Readiness: the initializer has finished, and both the bucket and the table answer now.</summary>
public sealed class StorageHealthCheck(
    IAmazonS3 s3,
    IAmazonDynamoDB dynamoDb,
    IOptions<StorageOptions> options,
    StorageReadiness readiness) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy($"Storage is being initialized. {readiness.LastError}".Trim());
        }

        // Probes run every few seconds: their storage calls would bury the users' requests in the trace view.
        using var quiet = SuppressInstrumentationScope.Begin();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        var storage = options.Value;
        try
        {
            await Task.WhenAll(
                s3.HeadBucketAsync(new HeadBucketRequest { BucketName = storage.BucketName }, timeout.Token),
                dynamoDb.DescribeTableAsync(storage.TableName, timeout.Token));
            return HealthCheckResult.Healthy($"Bucket {storage.BucketName} and table {storage.TableName} reachable.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("S3 or DynamoDB is unreachable.", exception);
        }
    }
}
