using CloudImageService.AppHost;
using CloudImageService.AppHost.Diagnostics;
using CloudImageService.AppHost.LocalAws;
using Microsoft.Extensions.DependencyInjection;

var builder = DistributedApplication.CreateBuilder(args);

var settings = LocalAwsSettings.From(builder.Configuration, builder.AppHostDirectory);
var mode = LocalAwsExtensions.ResolveMode(settings.Mode, () => ContainerRuntime.IsAvailable(TimeSpan.FromSeconds(3)));

var imageApi = builder.AddProject<Projects.ImageApi>("imageapi")
    .WithAwsStorage(settings, mode)
    .WithSettingsFrom(builder.Configuration, ImageApiSettings.ForwardedSections)
    .WithCursorKeySharedByReplicas(builder.Configuration)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => url.DisplayText = "Gallery")
    .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar/v1", DisplayText = "API reference (Scalar)" });

builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<CrashReporter>(services, imageApi.Resource.Name));

builder.Build().Run();
