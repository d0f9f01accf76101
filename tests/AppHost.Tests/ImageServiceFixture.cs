using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AppHost.Tests;

/// <summary>
/// One AppHost for the whole collection (starting it costs ~10-30 s): Emulators mode with in-memory data, so every
/// test talks to real dynalite and s3rver processes through the ImageApi, exactly as `dotnet run --project AppHost` does.
/// </summary>
public sealed class ImageServiceFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Client for the ImageApi, as the AppHost exposes it.</summary>
    public ImageApiClient Api { get; private set; } = null!;

    /// <summary>A plain client for presigned URLs: no base address, no handlers that could add headers.</summary>
    public HttpClient Plain { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["LocalAws:Mode=Emulators", "LocalAws:InMemory=true", "DcpPublisher:RandomizePorts=true"],
            timeout.Token);
        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("imageapi", timeout.Token);
        Api = new ImageApiClient(App.CreateHttpClient("imageapi", "http"));
    }

    public async Task DisposeAsync()
    {
        Plain.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ImageServiceCollection : ICollectionFixture<ImageServiceFixture>
{
    public const string Name = "Image service through the AppHost";
}
