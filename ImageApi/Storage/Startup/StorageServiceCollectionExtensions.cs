using Amazon.DynamoDBv2;
using Amazon.Extensions.NETCore.Setup;
using Amazon.S3;
using CloudImageService.Configuration;
using CloudImageService.Images;
using CloudImageService.Shares;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace CloudImageService.Storage.Startup;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the AWS clients (singletons), the repository, the object operations and the URL signer behind the
    /// domain's ports, the storage initializer and its readiness health check, and the confirmation budget.
    /// </summary>
    public static IHostApplicationBuilder AddImageStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfigurationReplacingArrays(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (builder.Configuration[AwsCallLog.DirectorySetting] is { Length: > 0 } callLog)
        {
            AwsCallLog.Enable(callLog);
            AwsCallRecorder.Register();
        }
        builder.Services.AddDefaultAWSOptions(builder.Configuration.GetAWSOptions());
        var s3Endpoint = AwsClientFactory.S3Endpoint(builder.Configuration);
        var dynamoDbEndpoint = AwsClientFactory.DynamoDbEndpoint(builder.Configuration);

        builder.Services.AddSingleton<IAmazonS3>(services => CreateS3Client(services, AwsClientFactory.CreateS3Config, s3Endpoint));
        builder.Services.AddKeyedSingleton<IAmazonS3>(ImageObjects.CopyClient,
            (services, _) => CreateS3Client(services, AwsClientFactory.CreateS3CopyConfig, s3Endpoint));
        builder.Services.AddSingleton<IAmazonDynamoDB>(services =>
        {
            var aws = services.GetRequiredService<AWSOptions>();
            var config = AwsClientFactory.CreateDynamoDbConfig(aws, Storage(services), dynamoDbEndpoint);
            return new AmazonDynamoDBClient(aws.Credentials ?? new ResolvedOnceCredentials(config), config);
        });
        builder.Services.AddSingleton(services => new ObjectUrlSigner(
            PresigningClient(services, s3Endpoint), Storage(services).BucketName, services.GetRequiredService<AWSOptions>().Credentials,
            services.GetRequiredService<ILogger<QueryStringPresigner>>(), services.GetService<TimeProvider>()));

        builder.Services.AddSingleton<IObjectUrlSigner>(services => services.GetRequiredService<ObjectUrlSigner>());
        builder.Services.AddSingleton<ImageRepository>();
        builder.Services.AddSingleton<IImageStore>(services => services.GetRequiredService<ImageRepository>());
        builder.Services.AddSingleton<IImageCatalog>(services => services.GetRequiredService<ImageRepository>());
        builder.Services.AddSingleton<ImageObjects>();
        builder.Services.AddSingleton<IObjectStore>(services => services.GetRequiredService<ImageObjects>());
        builder.Services.AddSingleton<IMultipartUploads>(services => services.GetRequiredService<ImageObjects>());
        builder.Services.AddSingleton<IImageBytes>(services => services.GetRequiredService<ImageObjects>());
        builder.Services.AddSingleton<IImageVariants>(services => services.GetRequiredService<ImageRepository>());
        builder.Services.AddSingleton<IUsageStore, UsageRepository>();
        builder.Services.AddSingleton<ITimeline>(services => services.GetRequiredService<ImageRepository>());
        builder.Services.AddSingleton<IShareStore, ShareRepository>();
        builder.Services.AddSingleton<StorageReadiness>();
        builder.Services.AddSingleton<IStoreReadiness>(services => services.GetRequiredService<StorageReadiness>());
        builder.Services.AddOptions<IngestFacts>().Configure<IOptions<StorageOptions>>((facts, storage) => Describe(storage.Value, facts));
        builder.Services.AddHostedService<StorageInitializer>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StoragePermissionProbe>();
        builder.Services.AddSingleton<StoragePermissionCheck>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StoragePermissionCheck>());
        // Tagged live: a task whose credentials lack a permission never becomes healthy, so a bad deployment rolls back.
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("storage-permissions",
            services => services.GetRequiredService<StoragePermissionCheck>(), HealthStatus.Unhealthy, [Extensions.LiveTag]));

        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(StorageTelemetry.SourceName));
        return builder;
    }

    private static StorageOptions Storage(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static AmazonS3Client CreateS3Client(
        IServiceProvider services, Func<AWSOptions, StorageOptions, string?, AmazonS3Config> configure, string? endpoint)
    {
        var aws = services.GetRequiredService<AWSOptions>();
        var config = configure(aws, Storage(services), endpoint);
        return new AmazonS3Client(aws.Credentials ?? new ResolvedOnceCredentials(config), config);
    }

    private static IAmazonS3 PresigningClient(IServiceProvider services, string? endpoint) =>
        Storage(services).PublicS3Endpoint is { } publicEndpoint
            ? CreateS3Client(services, AwsClientFactory.CreateS3Config, publicEndpoint.ToString())
            : services.GetRequiredService<IAmazonS3>();

    /// <summary>Fills in what the domain needs to know of storage's options: the budgets of a confirmation and of each of its storage calls.</summary>
    public static IngestFacts Describe(StorageOptions storage, IngestFacts facts)
    {
        facts.RunBudget = storage.ConfirmBudget;
        facts.StepBudget = storage.RequestBudget;
        return facts;
    }
}
