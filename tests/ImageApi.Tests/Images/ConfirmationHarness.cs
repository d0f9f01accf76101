using System.Diagnostics.Metrics;
using CloudImageService.Images;
using CloudImageService.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageApi.Tests.Images;

/// <summary>In-memory stores, a scripted publisher and fake time, shared by the confirmation and sweeper tests.</summary>
internal sealed class ConfirmationHarness
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public InMemoryImageStore Store { get; } = new();

    public RecordingObjectStore Objects { get; } = new();

    public ScriptedPublisher Publisher { get; } = new();

    public ImageOptions Images { get; } = new();

    public QuotaOptions Quotas { get; } = new();

    public InMemoryUsageStore Usage { get; }

    public ConfirmationHarness() => Usage = new InMemoryUsageStore(Store);

    /// <summary>The usage ledger over the same stores and clock.</summary>
    public UsageLedger Ledger() => new(
        Usage, new InMemoryImageCatalog(Store), Options.Create(Quotas), Options.Create(Images), Clock, NullLogger<UsageLedger>.Instance);

    public IngestOptions Ingest { get; } = new() { MaxConcurrentDecodes = 2 };

    /// <summary>The registrations' facts, with thumbnails named without a recipe (as for images made before recipes).</summary>
    public IngestFacts Settings { get; } = TestOptions.Facts() with { VariantRecipe = null };

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>The host every instance made here runs in; stop it to shut them down.</summary>
    public StoppableHost Host { get; } = new();

    /// <summary>The meters of every instance made here (a <c>MetricCollector</c> listens with this as its scope).</summary>
    public IMeterFactory Meters { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    /// <summary>A pending record whose upload window opens now, in the store.</summary>
    public ImageRecord Pending()
    {
        var id = Guid.NewGuid().ToString();
        var record = new ImageRecord(id, "user", "image/png", [], null, Now, ImageStatus.Pending, ObjectKeys.Original(id))
        {
            UploadExpiresAt = Now + Images.UploadUrlExpiry,
            StagingKey = ObjectKeys.Staging(id),
        };
        Store.Add(record);
        return record;
    }

    /// <summary>A new instance (a new process or another task) over the same stores and clock.</summary>
    public UploadConfirmation Confirmation(IngestOptions? ingest = null) => new(
        Store, Objects, Publisher, new IngestAdmission(Options.Create(ingest ?? Ingest)), Ledger(),
        Options.Create(Images), Options.Create(Settings),
        Host, new IngestMetrics(Meters), Clock, NullLogger<UploadConfirmation>.Instance);

    /// <summary>Deletes, trash and purges over the same stores and clock.</summary>
    public ImageLifecycle Lifecycle() => new(Store, Objects, Ledger(), Options.Create(Images), Options.Create(Settings), Clock);

    public AbandonedUploadSweeper Sweeper(IStoreReadiness readiness) => new(
        Confirmation(), Lifecycle(), Store, Objects, readiness, Options.Create(Images), Options.Create(Settings),
        new IngestMetrics(Meters), Clock, NullLogger<AbandonedUploadSweeper>.Instance);

    // Waits for the other side of a handshake, not for time to pass: the condition turns true within milliseconds.
    public static async Task WaitUntil(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition()) await Task.Delay(1, limit.Token);
    }

    internal sealed class StoppableHost : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => _stopping.Cancel();
        public void Dispose() => _stopping.Dispose();
    }
}
