using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Images;
using CloudImageService.Storage.Startup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageApi.Tests.Api;

/// <summary>The in-process API keeps its AWS SDK clients, aimed where any call they make is counted.</summary>
[Collection(InMemoryApiCollection.Name)]
public sealed class AwsTripwireTests(InMemoryApi api)
{
    [Fact]
    public void The_sdk_clients_stay_registered_but_point_at_the_tripwire()
    {
        Assert.StartsWith(api.Aws.Endpoint, api.Services.GetRequiredService<IAmazonS3>().Config.ServiceURL);
        Assert.StartsWith(api.Aws.Endpoint, api.Services.GetRequiredService<IAmazonDynamoDB>().Config.ServiceURL);
    }

    [Fact]
    public void The_hosted_services_that_reach_aws_are_idle_and_the_sweeper_runs_over_the_fakes()
    {
        var running = api.Services.GetServices<IHostedService>().Select(service => service.GetType()).ToList();

        Assert.DoesNotContain(typeof(StorageInitializer), running);
        Assert.DoesNotContain(typeof(StoragePermissionCheck), running);
        Assert.Contains(typeof(AbandonedUploadSweeper), running);
    }

    [Fact]
    public async Task A_call_that_reaches_the_tripwire_fails_and_is_counted()
    {
        using var tripwire = new AwsTripwire();
        using var s3 = new AmazonS3Client(new BasicAWSCredentials("tripwire", "tripwire"),
            new AmazonS3Config { ServiceURL = tripwire.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        await Assert.ThrowsAnyAsync<Exception>(() => s3.ListBucketsAsync());

        Assert.True(tripwire.Connections > 0);
    }
}
