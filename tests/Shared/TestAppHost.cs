using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestSupport;

public static class TestAppHost
{
    /// <summary>
    /// Starts the AppHost in Emulators mode (real dynalite and s3rver processes) on random ports, with the ImageApi
    /// configured by the caller, and returns once the ImageApi reports healthy. A start that fails stops what it began.
    /// <paramref name="appHostLogs"/>, when given, also receives what the AppHost itself logs.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(
        IEnumerable<string> arguments, Action<IResourceBuilder<ProjectResource>> configureImageApi, CancellationToken cancellationToken,
        ILoggerProvider? appHostLogs = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["LocalAws:Mode=Emulators", "DcpPublisher:RandomizePorts=true", .. arguments], cancellationToken);
        configureImageApi(builder.CreateResourceBuilder<ProjectResource>("imageapi"));
        if (appHostLogs is not null) builder.Services.AddLogging(logging => logging.AddProvider(appHostLogs));
        var app = await builder.BuildAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("imageapi", cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every test calls from 127.0.0.1, one rate-limit partition: lift the limits (the security tests check them).</summary>
    public static IResourceBuilder<ProjectResource> WithRateLimitsLifted(this IResourceBuilder<ProjectResource> imageApi) => imageApi
        .WithEnvironment("RateLimiting__UploadPermitLimit", "1000000")
        .WithEnvironment("RateLimiting__RequestPermitLimit", "1000000")
        .WithEnvironment("Ingest__MaxConfirmationsPerCaller", "100")
        .WithEnvironment("Ingest__MaxQueuedConfirmations", "200");
}
