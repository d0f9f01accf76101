namespace CloudImageService.AppHost.LocalAws;

/// <summary>Points the ImageApi at S3 and DynamoDB: emulators, LocalStack or real AWS, through the SDK's own variables.</summary>
public static class LocalAwsExtensions
{
    public const string LocalStackImage = "localstack/localstack";
    public const string LocalStackTag = "4.9.2";
    public const int LocalStackPort = 4566;
    public const int DynamoDbEmulatorPort = 4567;
    public const int S3EmulatorPort = 4568;

    // s3rver only accepts this key pair; dynalite accepts any.
    private const string EmulatorAccessKey = "S3RVER";

    public static LocalAwsMode ResolveMode(LocalAwsMode configured, Func<bool> containerRuntimeAvailable) =>
        configured == LocalAwsMode.Auto
            ? containerRuntimeAvailable() ? LocalAwsMode.LocalStack : LocalAwsMode.Emulators
            : configured;

    public static IResourceBuilder<ProjectResource> WithAwsStorage(
        this IResourceBuilder<ProjectResource> api, LocalAwsSettings settings, LocalAwsMode mode)
    {
        if (mode == LocalAwsMode.Aws) settings = settings.WithDeployedNames();

        if (settings.BucketName is not null) api.WithEnvironment("Storage__BucketName", settings.BucketName);
        if (settings.TableName is not null) api.WithEnvironment("Storage__TableName", settings.TableName);
        if (settings.Region is not null) api.WithEnvironment("AWS_REGION", settings.Region);

        // The bucket CORS rules the initializer writes in the local modes admit exactly the gallery's origin, port
        // included, so the browser may PUT and GET the bucket from the page; with random ports (tests) too.
        if (mode != LocalAwsMode.Aws) api.WithGalleryCorsOrigins();

        return mode switch
        {
            LocalAwsMode.Emulators => api.WithEmulators(settings),
            LocalAwsMode.LocalStack => api.WithLocalStack(),
            LocalAwsMode.Aws => api.WithEnvironment("Storage__CreateResources", "false"),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Resolve Auto before wiring storage."),
        };
    }

    private static IResourceBuilder<ProjectResource> WithGalleryCorsOrigins(this IResourceBuilder<ProjectResource> api)
    {
        var endpoint = api.GetEndpoint("http");
        return api
            .WithEnvironment("Storage__CorsOrigins__0", endpoint)
            .WithEnvironment("Storage__CorsOrigins__1", ReferenceExpression.Create($"http://127.0.0.1:{endpoint.Property(EndpointProperty.Port)}"));
    }

    private static IResourceBuilder<ProjectResource> WithEmulators(this IResourceBuilder<ProjectResource> api, LocalAwsSettings settings)
    {
        var builder = api.ApplicationBuilder;
        var emulators = Path.Combine(builder.AppHostDirectory, "emulators");
        if (!Directory.Exists(Path.Combine(emulators, "node_modules")))
        {
            throw new DistributedApplicationException(
                $"The emulators are not installed. Install Node.js 20+ and run `npm ci` in {emulators} (the build does this when npm is on PATH).");
        }

        var dynamoDb = builder.AddExecutable("dynamodb", "node", emulators, "dynamodb.js")
            .WithHttpEndpoint(port: DynamoDbEmulatorPort, env: "PORT")
            .WithEnvironment("DATA_DIR", settings.InMemory ? "" : DataDirectory(settings, "dynamodb"))
            .WithHttpHealthCheck("/");

        var s3 = builder.AddExecutable("s3", "node", emulators, "s3.js")
            .WithHttpEndpoint(port: S3EmulatorPort, env: "PORT")
            .WithEnvironment("DATA_DIR", settings.InMemory ? "" : DataDirectory(settings, "s3"))
            .WithEnvironment("NODE_OPTIONS", "--openssl-legacy-provider")
            .WithEnvironment("S3RVER_SILENT", "true")
            .WithHttpHealthCheck("/_health");

        return api
            .WithEnvironment("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.GetEndpoint("http"))
            .WithEnvironment("AWS_ENDPOINT_URL_S3", s3.GetEndpoint("http"))
            .WithEnvironment("AWS_ACCESS_KEY_ID", EmulatorAccessKey)
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", EmulatorAccessKey)
            .WithEnvironment("Storage__CreateResources", "true")
            .WithEnvironment("Storage__EnableTimeToLive", "false")
            .WithEnvironment("Storage__EnableLifecycleRules", "false")
            .WaitFor(dynamoDb)
            .WaitFor(s3);
    }

    private static IResourceBuilder<ProjectResource> WithLocalStack(this IResourceBuilder<ProjectResource> api)
    {
        var localStack = api.ApplicationBuilder.AddContainer("localstack", LocalStackImage, LocalStackTag)
            .WithEnvironment("SERVICES", "s3,dynamodb")
            // Refuse a body longer than its signed length or a part that misses its signed checksum, as S3 does.
            .WithEnvironment("S3_SKIP_SIGNATURE_VALIDATION", "0")
            .WithHttpEndpoint(port: LocalStackPort, targetPort: LocalStackPort)
            .WithHttpHealthCheck("/_localstack/health");

        return api
            .WithEnvironment("AWS_ENDPOINT_URL", localStack.GetEndpoint("http"))
            .WithEnvironment("AWS_ACCESS_KEY_ID", "test")
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", "test")
            .WithEnvironment("Storage__CreateResources", "true")
            .WaitFor(localStack);
    }

    private static string DataDirectory(LocalAwsSettings settings, string emulator)
    {
        var directory = Path.Combine(settings.DataDirectory, emulator);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
