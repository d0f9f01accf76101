using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Storage;
using CloudImageService.Storage.Startup;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImageApi.Tests.Storage;

public class StorageHealthCheckTests
{
    // Nothing listens here: a probe that reached storage would fail, not pass.
    private const string Nowhere = "http://127.0.0.1:9";

    private static StorageHealthCheck Check(StorageReadiness readiness)
    {
        var credentials = new BasicAWSCredentials("x", "x");
        return new StorageHealthCheck(
            new AmazonS3Client(credentials, new AmazonS3Config { ServiceURL = Nowhere, ForcePathStyle = true, MaxErrorRetry = 0 }),
            new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = Nowhere, MaxErrorRetry = 0 }),
            Options.Create(new StorageOptions()),
            readiness);
    }

    [Fact]
    public async Task Readiness_stays_unhealthy_until_the_initializer_has_finished()
    {
        var readiness = new StorageReadiness { LastError = "table not created yet" };

        var result = await Check(readiness).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("being initialized", result.Description);
        Assert.Contains("table not created yet", result.Description);
    }

    [Fact]
    public async Task Once_initialized_unreachable_storage_is_still_unhealthy()
    {
        var readiness = new StorageReadiness();
        readiness.MarkReady();

        var result = await Check(readiness).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("unreachable", result.Description);
    }
}
