using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Aspire.Hosting.Testing;
using CloudImageService.Storage;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.Schema;
using CloudImageService.Storage.Startup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AppHost.Tests;

/// <summary>
/// The API's start-up check of its permissions, as the API wires it, against s3rver and dynalite; S3 is reached
/// through a path that answers AccessDenied to the calls a policy without some action would refuse, as S3 does.
/// </summary>
[Collection(ImageServiceCollection.Name)]
public sealed class StoragePermissionTests(ImageServiceFixture service) : IDisposable
{
    private readonly S3PathProxy _proxy = new(service.App.GetEndpoint("s3", "http"));

    [Fact]
    public async Task Credentials_that_may_do_everything_the_API_does_pass_and_leave_liveness_healthy()
    {
        using var host = ApiServices();
        var check = host.Services.GetRequiredService<StoragePermissionCheck>();

        Assert.True(await check.CheckOnceAsync(CancellationToken.None));

        Assert.Empty(check.MissingActions!);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task A_policy_without_the_multipart_actions_makes_the_instance_unhealthy_naming_each_missing_action()
    {
        // ListParts is a GET with an uploadId; AbortMultipartUpload a DELETE with one.
        _proxy.DenyWhen = request => request.QueryString["uploadId"] is not null && request.HttpMethod is "GET" or "DELETE";
        using var host = ApiServices();
        var check = host.Services.GetRequiredService<StoragePermissionCheck>();

        Assert.True(await check.CheckOnceAsync(CancellationToken.None));

        Assert.Equal(["s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"], check.MissingActions);
        var health = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("s3:ListMultipartUploadParts, s3:AbortMultipartUpload", health.Description);
    }

    [Fact]
    public async Task Reading_objects_refused_under_one_prefix_is_named_as_the_missing_read()
    {
        _proxy.DenyWhen = request => request.HttpMethod == "HEAD" && request.Url!.AbsolutePath.Contains("/thumbnails/", StringComparison.Ordinal);
        using var host = ApiServices();
        var check = host.Services.GetRequiredService<StoragePermissionCheck>();

        Assert.True(await check.CheckOnceAsync(CancellationToken.None));

        Assert.Equal(["s3:GetObject"], check.MissingActions);
    }

    [Fact]
    public async Task A_table_without_an_index_the_API_queries_makes_the_instance_unhealthy_naming_the_index()
    {
        // A service stack rolled out before the storage stack that adds the timeline index.
        var tableName = "images-without-timeline-" + Guid.NewGuid().ToString("N")[..8];
        var dynalite = new AmazonDynamoDBConfig { ServiceURL = service.App.GetEndpoint("dynamodb", "http").ToString() };
        using (var dynamoDb = new AmazonDynamoDBClient(new BasicAWSCredentials("S3RVER", "S3RVER"), dynalite))
        {
            var create = TableRequests.CreateTable(tableName);
            create.GlobalSecondaryIndexes.RemoveAll(index => index.IndexName == ImageStoreSchema.TimelineIndex.Name);
            await dynamoDb.CreateTableAsync(create);
            while ((await dynamoDb.DescribeTableAsync(tableName)).Table.TableStatus != TableStatus.ACTIVE) await Task.Delay(100);
        }
        using var host = ApiServices(tableName);
        var check = host.Services.GetRequiredService<StoragePermissionCheck>();

        Assert.True(await check.CheckOnceAsync(CancellationToken.None));

        Assert.Empty(check.MissingActions!);
        Assert.Equal([ImageStoreSchema.TimelineIndex.Name], check.MissingIndexes);
        var health = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains($"its table lacks the index {ImageStoreSchema.TimelineIndex.Name} (deploy the storage stack first)", health.Description);
    }

    [Fact]
    public async Task The_running_service_reports_its_permissions_in_liveness_and_readiness()
    {
        using var alive = await service.Api.Http.GetAsync("/alive");
        using var health = await service.Api.Http.GetAsync("/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    private IHost ApiServices(string? tableName = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AwsClientFactory.S3EndpointVariable] = _proxy.Endpoint.ToString(),
            [AwsClientFactory.DynamoDbEndpointVariable] = service.App.GetEndpoint("dynamodb", "http").ToString(),
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.TableName)}"] = tableName ?? ImageStoreSchema.DefaultTableName,
        });
        builder.AddImageStorage();
        builder.Services.AddDefaultAWSOptions(new AWSOptions
        {
            Credentials = new BasicAWSCredentials("S3RVER", "S3RVER"),
            Region = RegionEndpoint.USEast1,
        });
        return builder.Build();
    }

    public void Dispose() => _proxy.Dispose();
}
