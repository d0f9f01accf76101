using CloudImageService.AppHost.LocalAws;

var builder = DistributedApplication.CreateBuilder(args);

var settings = LocalAwsSettings.From(builder.Configuration, builder.AppHostDirectory);
var mode = LocalAwsExtensions.ResolveMode(settings.Mode, () => ContainerRuntime.IsAvailable(TimeSpan.FromSeconds(3)));

builder.AddProject<Projects.ImageApi>("imageapi")
    .WithAwsStorage(settings, mode)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
