using CloudImageService.AppHost.LocalAws;

var builder = DistributedApplication.CreateBuilder(args);

var settings = LocalAwsSettings.From(builder.Configuration, builder.AppHostDirectory);
var mode = LocalAwsExtensions.ResolveMode(settings.Mode, () => ContainerRuntime.IsAvailable(TimeSpan.FromSeconds(3)));

var imageApi = builder.AddProject<Projects.ImageApi>("imageapi")
    .WithAwsStorage(settings, mode)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => url.DisplayText = "Gallery")
    .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar/v1", DisplayText = "API reference (Scalar)" });

// `dotnet run --project AppHost -- Auth:Mode=Jwt` tries the secured API locally (tokens from `dotnet user-jwts`).
if (builder.Configuration["Auth:Mode"] is { Length: > 0 } authMode)
{
    imageApi.WithEnvironment("Auth__Mode", authMode);
}

builder.Build().Run();
