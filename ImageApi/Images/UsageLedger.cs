using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

/// <summary>
/// Keeps each user's usage (bytes and images: verified originals with their thumbnails, the trash included) exact
/// without transactions across items. The counters live on one usage item per user; every change of them is one
/// conditional write of that item that also writes the image's ledger entry, so a retry or a second instance finds the
/// entry and does not count twice:
/// <list type="bullet">
/// <item>charge (confirmation): entry absent and the counters within the limits → counters up, entry "charged";
/// then the record turns available (with its <see cref="ImageRecord.StoredBytes"/>); then the entry goes.</item>
/// <item>release (permanent delete, purge, delete of an unverified upload): once the record is marked deleting, an
/// entry "charged" or a record with stored bytes → counters down, entry "released"; a released entry is kept
/// <see cref="ReleaseHorizon"/> after its record is gone, so a request that read the record before it went cannot release it again.</item>
/// </list>
/// What a crash leaves between the two writes is settled from the records: a charge whose record is available goes, one
/// whose record was rejected or is gone is refunded. <see cref="RepairAsync"/> recomputes the counters from the records.
/// </summary>
public sealed partial class UsageLedger(
    IUsageStore store,
    IImageCatalog catalog,
    IOptions<QuotaOptions> quotas,
    IOptions<ImageOptions> images,
    TimeProvider clock,
    ILogger<UsageLedger> logger)
{
    private const int Attempts = 10;
    private const int SettledPerCall = 20;

    /// <summary>How long a released entry outlives its record: far longer than any request that read the record may still run.</summary>
    public static readonly TimeSpan ReleaseHorizon = TimeSpan.FromMinutes(10);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The limits that apply to a user: the admin's override, else the default; null when unlimited (zero).</summary>
    public (long? Bytes, long? Images) LimitsOf(UserUsage? usage) =>
        (Limit(usage?.LimitBytes ?? quotas.Value.DefaultBytes), Limit(usage?.LimitImages ?? quotas.Value.DefaultImages));

    private static long? Limit(long value) => value > 0 ? value : null;

    /// <summary>The user's usage and limits, with what the trash holds; settles what crashed writes left in the ledger first.</summary>
    public async Task<UsageReport> ReportAsync(string userId, CancellationToken cancellationToken)
    {
        var usage = await store.FindAsync(userId, cancellationToken);
        if (usage is { Ledger.Count: > 0 } && await SettleAsync(usage, cancellationToken) > 0)
        {
            usage = await store.FindAsync(userId, cancellationToken);
        }
        return await ReportOfAsync(userId, usage, cancellationToken);
    }

    /// <summary>Null when an upload of <paramref name="declaredBytes"/> (one more image) fits the user's quota; else why not.</summary>
    public async Task<QuotaRefusal?> CheckUploadAsync(string userId, long declaredBytes, CancellationToken cancellationToken)
    {
        var usage = await store.FindAsync(userId, cancellationToken);
        return await RefusalAsync(userId, usage, declaredBytes, cancellationToken);
    }

    /// <summary>
    /// Counts a verified image's <paramref name="bytes"/> before its record turns available: the ledger entry that
    /// counts it (written now or by an earlier run of the same confirmation; none when a delete released it meanwhile),
    /// or the refusal when the quota would be passed.
    /// </summary>
    public async Task<UsageCharge> ChargeAsync(ImageRecord image, long bytes, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var usage = await LoadAsync(image.UserId, cancellationToken);
            if (usage.Ledger.TryGetValue(image.ImageId, out var entry))
            {
                // Released: the image was deleted meanwhile, and its record will not turn available.
                if (entry.Released) return UsageCharge.Counted(null);
                if (entry.Bytes == bytes) return UsageCharge.Counted(entry);
                var recharged = LedgerEntry.Charge(bytes, Now);
                if (await store.TryApplyAsync(image.UserId, new UsageChange(image.ImageId, entry, recharged, bytes - entry.Bytes, 0), cancellationToken))
                {
                    return UsageCharge.Counted(recharged);
                }
                continue;
            }
            if (await RefusalAsync(image.UserId, usage, bytes, cancellationToken) is { } refusal) return new UsageCharge(refusal, null);

            var (limitBytes, limitImages) = LimitsOf(usage);
            var charged = LedgerEntry.Charge(bytes, Now);
            var change = new UsageChange(image.ImageId, null, charged, bytes, 1)
            {
                Bound = new UsageBound(limitBytes - bytes, limitImages - 1, usage.LimitBytes, usage.LimitImages),
            };
            if (await store.TryApplyAsync(image.UserId, change, cancellationToken)) return UsageCharge.Counted(charged);
        }
        throw new InvalidOperationException($"The usage of user {image.UserId} changed {Attempts} times while charging image {image.ImageId}; retry.");
    }

    /// <summary>
    /// The record is available: the charge's entry goes (the record's stored bytes now say what is counted). Written
    /// only while the entry is still the one the charge left; anything else is for the next settle or repair.
    /// </summary>
    public Task SettleChargeAsync(ImageRecord image, UsageCharge charge, CancellationToken cancellationToken) =>
        charge.Entry is not { Released: false } entry
            ? Task.CompletedTask
            : QuietlyAsync(image.ImageId, () => store.TryApplyAsync(image.UserId, new UsageChange(image.ImageId, entry, null, 0, 0), cancellationToken));

    /// <summary>The record did not turn available (rejected, or gone): a charge an earlier step made is taken back.</summary>
    public Task RefundAsync(ImageRecord image, CancellationToken cancellationToken) =>
        QuietlyAsync(image.ImageId, async () =>
        {
            var usage = await store.FindAsync(image.UserId, cancellationToken);
            if (usage?.Ledger.GetValueOrDefault(image.ImageId) is { Released: false } entry)
            {
                await store.TryApplyAsync(image.UserId, new UsageChange(image.ImageId, entry, null, -entry.Bytes, -1), cancellationToken);
            }
        });

    /// <summary>
    /// Stops counting an image whose record is marked deleting (<paramref name="marked"/>, as that write returned it);
    /// idempotent: a second request or instance finds the released entry.
    /// </summary>
    public async Task ReleaseAsync(ImageRecord marked, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var usage = await store.FindAsync(marked.UserId, cancellationToken);
            var entry = usage?.Ledger.GetValueOrDefault(marked.ImageId);
            if (entry is { Released: true }) return;
            if ((entry?.Bytes ?? marked.StoredBytes) is not { } bytes) return; // never counted
            if (usage is null)
            {
                await store.EnsureAsync(marked.UserId, cancellationToken);
                continue;
            }
            if (await store.TryApplyAsync(marked.UserId, new UsageChange(
                    marked.ImageId, entry, LedgerEntry.Release(bytes, Now), -bytes, -1), cancellationToken))
            {
                return;
            }
        }
        throw new InvalidOperationException($"The usage of user {marked.UserId} changed {Attempts} times while releasing image {marked.ImageId}; retry.");
    }

    /// <summary>
    /// Settles up to <see cref="SettledPerCall"/> entries by their records: a charge whose record is available (or
    /// trashed, or being deleted) goes; one whose record was rejected or is gone is refunded; a release goes once its
    /// record is gone and <see cref="ReleaseHorizon"/> has passed. Returns how many changed.
    /// </summary>
    public async Task<int> SettleAsync(UserUsage usage, CancellationToken cancellationToken)
    {
        var settled = 0;
        var entries = usage.Ledger.Take(SettledPerCall).ToList();
        var found = await catalog.FindManyAsync([.. entries.Select(pair => pair.Key)], cancellationToken);
        foreach (var (imageId, entry) in entries)
        {
            var record = found.GetValueOrDefault(imageId);
            var change = (entry.Released, record) switch
            {
                (true, null) when entry.At + ReleaseHorizon < Now => new UsageChange(imageId, entry, null, 0, 0),
                (false, { StoredBytes: not null, Status: ImageStatus.Available or ImageStatus.Trashed or ImageStatus.Deleting }) =>
                    new UsageChange(imageId, entry, null, 0, 0),
                (false, null or { Status: ImageStatus.Rejected }) => new UsageChange(imageId, entry, null, -entry.Bytes, -1),
                _ => null,
            };
            if (change is not null && await store.TryApplyAsync(usage.UserId, change, cancellationToken)) settled++;
        }
        return settled;
    }

    /// <summary>
    /// Recomputes the user's counters from the records and the ledger: every record available, trashed or being
    /// deleted counts its stored bytes unless its entry says otherwise; a charge entry counts. Written only if no change
    /// happened meanwhile (the item's version), else computed again. Returns the counters before and after.
    /// </summary>
    public async Task<(UsageCounts Before, UsageCounts After)> RepairAsync(string userId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var usage = await LoadAsync(userId, cancellationToken);
            if (usage.Ledger.Count > 0 && await SettleAsync(usage, cancellationToken) > 0) usage = await LoadAsync(userId, cancellationToken);

            var counted = new UsageCounts(0, 0);
            await foreach (var record in store.RecordsOfAsync(userId, cancellationToken))
            {
                if (usage.Ledger.ContainsKey(record.ImageId)) continue;
                if (record is { StoredBytes: { } bytes, Status: ImageStatus.Available or ImageStatus.Trashed or ImageStatus.Deleting })
                {
                    counted = new UsageCounts(counted.Bytes + bytes, counted.Images + 1);
                }
            }
            foreach (var entry in usage.Ledger.Values.Where(entry => !entry.Released))
            {
                counted = new UsageCounts(counted.Bytes + entry.Bytes, counted.Images + 1);
            }
            var before = new UsageCounts(usage.Bytes, usage.Images);
            if (before == counted || await store.TryResetAsync(userId, counted.Bytes, counted.Images, usage.Version, cancellationToken))
            {
                if (before != counted) LogRepaired(userId, before.Bytes, before.Images, counted.Bytes, counted.Images);
                return (before, counted);
            }
        }
        throw new InvalidOperationException($"The usage of user {userId} kept changing while it was repaired; run the repair again.");
    }

    /// <summary>Repairs every user's usage; returns how many users were examined and how many had drifted.</summary>
    public async Task<(int Users, int Repaired)> RepairAllAsync(CancellationToken cancellationToken)
    {
        int users = 0, repaired = 0;
        await foreach (var userId in store.UsersAsync(cancellationToken))
        {
            users++;
            var (before, after) = await RepairAsync(userId, cancellationToken);
            if (before != after) repaired++;
        }
        return (users, repaired);
    }

    /// <summary>Sets (or, with null, removes) the admin's override of a user's limits; zero is unlimited.</summary>
    public async Task<UsageReport> SetLimitsAsync(string userId, long? bytes, long? images, CancellationToken cancellationToken)
    {
        await store.SetLimitsAsync(userId, bytes, images, cancellationToken);
        return await ReportAsync(userId, cancellationToken);
    }

    private async Task<UserUsage> LoadAsync(string userId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(userId, cancellationToken) is { } usage) return usage;
        await store.EnsureAsync(userId, cancellationToken);
        return await store.FindAsync(userId, cancellationToken)
            ?? throw new InvalidOperationException($"The usage item of user {userId} could not be created.");
    }

    private async Task<QuotaRefusal?> RefusalAsync(string userId, UserUsage? usage, long bytes, CancellationToken cancellationToken)
    {
        var (limitBytes, limitImages) = LimitsOf(usage);
        long usedBytes = usage?.Bytes ?? 0, usedImages = usage?.Images ?? 0;
        var (kind, used, limit, requested) =
            limitBytes is { } maxBytes && usedBytes + bytes > maxBytes ? (QuotaLimits.Bytes, usedBytes, maxBytes, bytes)
            : limitImages is { } maxImages && usedImages + 1 > maxImages ? (QuotaLimits.Images, usedImages, maxImages, 1L)
            : (null, 0L, 0L, 0L);
        return kind is null ? null : new QuotaRefusal(kind, used, limit, requested, await ReportOfAsync(userId, usage, cancellationToken));
    }

    private async Task<UsageReport> ReportOfAsync(string userId, UserUsage? usage, CancellationToken cancellationToken)
    {
        var (limitBytes, limitImages) = LimitsOf(usage);
        long trashedBytes = 0, trashedImages = 0;
        await foreach (var image in TrashOfAsync(userId, cancellationToken))
        {
            trashedBytes += image.StoredBytes ?? 0;
            trashedImages++;
        }
        return new UsageReport(userId, usage?.Bytes ?? 0, usage?.Images ?? 0, limitBytes, limitImages, trashedBytes, trashedImages);
    }

    // The trash as its listing reads it, a bounded number of pages (a report, not the counters: those are exact).
    private async IAsyncEnumerable<ImageRecord> TrashOfAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = new ImageListFilter(userId, null, null, null, Trashed: true);
        PageCursor? cursor = null;
        for (var round = 0; round < 10; round++)
        {
            var page = await catalog.ListAsync(
                new ImageListRequest(filter, images.Value.MaxPageSize, cursor, images.Value.MaxStoragePagesPerList), Now, cancellationToken);
            foreach (var image in page.Items) yield return image;
            if ((cursor = page.Next) is null) yield break;
        }
    }

    // Cleanup after the state change that mattered: a failure leaves an entry that the next settle or repair handles.
    private async Task QuietlyAsync(string imageId, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSettleFailed(imageId, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage of user {UserId} repaired: {BytesBefore} bytes and {ImagesBefore} images counted, {Bytes} and {Images} recorded")]
    private partial void LogRepaired(string userId, long bytesBefore, long imagesBefore, long bytes, long images);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The usage ledger entry of image {ImageId} could not be settled; the next report or repair settles it")]
    private partial void LogSettleFailed(string imageId, Exception exception);
}

/// <summary>A charge's result: the refusal when the quota would be passed, else the ledger entry that counts the image.</summary>
public sealed record UsageCharge(QuotaRefusal? Refusal, LedgerEntry? Entry)
{
    public static UsageCharge Counted(LedgerEntry? entry) => new(null, entry);
}

/// <summary>Bytes and images counted for a user.</summary>
public sealed record UsageCounts(long Bytes, long Images);
