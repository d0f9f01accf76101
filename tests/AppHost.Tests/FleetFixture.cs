using System.Globalization;
using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Tests;

/// <summary>
/// The ImageApi as a fleet: two replicas behind the one address the AppHost exposes (DCP's proxy spreads requests over
/// them, as the load balancer spreads them over tasks), each also reachable at its own address. Both read the same
/// configuration: the limits below are small enough to meet, and the API trusts X-Forwarded-For from loopback as it
/// trusts the load balancer, so each test calls as a client address of its own (<see cref="FleetCaller"/>).
/// Upload windows close after seconds and the sweepers tick every second, so both sweepers have work during a test.
/// As on ECS, each replica takes temporary credentials of its own from a container credentials endpoint, and delivery
/// goes through CloudFront with one signing key (a test key; the distribution itself is not emulated).
/// </summary>
public sealed class FleetFixture : AppHostFixture
{
    public const int Replicas = 2;

    /// <summary>Requests one caller may make to /images per instance in <see cref="RequestWindow"/>.</summary>
    public const int RequestLimit = 40;

    public static readonly TimeSpan RequestWindow = TimeSpan.FromMinutes(10);

    /// <summary>Per instance: one decode thread and one confirmation waiting for it.</summary>
    public const int ConfirmationSlots = 2;

    public const int ConfirmationsPerCaller = 1;

    public static readonly TimeSpan UploadUrlExpiry = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan UploadGracePeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ReplicasDeadline = TimeSpan.FromMinutes(3);

    public const string CloudFrontDomain = "d111111abcdef8.cloudfront.net";

    public const string KeyPairId = "KFLEETTESTKEY01";

    /// <summary>The key pair whose public half the distribution's key group would hold.</summary>
    public RSA DeliveryKey { get; } = RSA.Create(2048);

    public ContainerCredentialsEndpoint Credentials { get; } = new("S3RVER");

    /// <summary>Each replica's own address, in no particular order.</summary>
    public IReadOnlyList<Replica> Instances { get; private set; } = [];

    protected override void ConfigureImageApi(IResourceBuilder<ProjectResource> imageApi) => imageApi
        .WithReplicas(Replicas)
        .WithEnvironment("ForwardedHeaders__KnownProxies__0", "127.0.0.1")
        .WithEnvironment("ForwardedHeaders__KnownProxies__1", "::1")
        .WithEnvironment("RateLimiting__RequestPermitLimit", Invariant(RequestLimit))
        .WithEnvironment("RateLimiting__RequestWindow", RequestWindow.ToString())
        .WithEnvironment("RateLimiting__UploadPermitLimit", "1000")
        .WithEnvironment("Ingest__MaxConcurrentDecodes", "1")
        .WithEnvironment("Ingest__MaxQueuedConfirmations", Invariant(ConfirmationSlots - 1))
        .WithEnvironment("Ingest__MaxConfirmationsPerCaller", Invariant(ConfirmationsPerCaller))
        .WithEnvironment("Images__UploadUrlExpiry", UploadUrlExpiry.ToString())
        .WithEnvironment("Images__UploadGracePeriod", UploadGracePeriod.ToString())
        .WithEnvironment("Images__SweepInterval", "00:00:01")
        .WithEnvironment("Delivery__Mode", "CloudFront")
        .WithEnvironment("Delivery__CloudFrontDomain", CloudFrontDomain)
        .WithEnvironment("Delivery__KeyPairId", KeyPairId)
        .WithEnvironment("Delivery__PrivateKey", DeliveryKey.ExportPkcs8PrivateKeyPem())
        .WithEnvironment(context =>
        {
            // The emulators' static key pair would come first in the SDK's chain: each task uses the container's instead.
            context.EnvironmentVariables.Remove("AWS_ACCESS_KEY_ID");
            context.EnvironmentVariables.Remove("AWS_SECRET_ACCESS_KEY");
            context.EnvironmentVariables["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
            context.EnvironmentVariables["AWS_CONFIG_FILE"] = "/nonexistent/config";
            context.EnvironmentVariables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = Credentials.Uri.AbsoluteUri;
        });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Credentials.Dispose();
        DeliveryKey.Dispose();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var deadline = new CancellationTokenSource(ReplicasDeadline);
        Instances = await HealthyReplicasAsync(deadline.Token);
    }

    /// <summary>A caller with an address of its own, with clients for the shared address and for each instance.</summary>
    public FleetCaller NewCaller() => new(this);

    /// <summary>
    /// Lines of each instance's console log that contain <paramref name="text"/>, as the AppHost collected them: the
    /// backlog, and what arrives within <paramref name="listen"/> (a line is collected a moment after it is written).
    /// </summary>
    public async Task<IReadOnlyDictionary<Replica, List<string>>> LogLinesAsync(string text, TimeSpan listen)
    {
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        var found = await Task.WhenAll(Instances.Select(async replica =>
        {
            var lines = new List<string>();
            using var stop = new CancellationTokenSource(listen);
            try
            {
                await foreach (var batch in logs.WatchAsync(replica.ResourceId).WithCancellation(stop.Token))
                {
                    lines.AddRange(batch.Where(line => line.Content.Contains(text, StringComparison.Ordinal)).Select(line => line.Content));
                }
            }
            catch (OperationCanceledException)
            {
            }
            return (replica, lines);
        }));
        return found.ToDictionary(pair => pair.replica, pair => pair.lines);
    }

    /// <summary>
    /// Every replica is a process of its own with its own port (its snapshot's ASPNETCORE_URLS); the health check that
    /// the AppHost waited for may have seen only the first one.
    /// </summary>
    private async Task<IReadOnlyList<Replica>> HealthyReplicasAsync(CancellationToken cancellationToken)
    {
        var healthy = new Dictionary<string, Replica>();
        await foreach (var change in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (change.Resource.Name != "imageapi") continue;
            var urls = change.Snapshot.EnvironmentVariables.FirstOrDefault(variable => variable.Name == "ASPNETCORE_URLS")?.Value;
            if (change.Snapshot.HealthStatus == HealthStatus.Healthy && urls is not null)
            {
                healthy[change.ResourceId] = new Replica(change.ResourceId, new Uri(urls.Split(';')[0]));
            }
            if (healthy.Count == Replicas) return [.. healthy.Values];
        }
        throw new OperationCanceledException(cancellationToken);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One ImageApi process: its DCP resource id (which also names its console log) and its own address.</summary>
public sealed record Replica(string ResourceId, Uri Address);

[CollectionDefinition(Name)]
public sealed class FleetCollection : ICollectionFixture<FleetFixture>
{
    public const string Name = "Image service as two instances behind one address";
}
