using CloudImageService.Images;

namespace ImageApi.Tests.Images;

/// <summary>
/// The usage ledger on fake time over in-memory stores: charged on confirmation (original and thumbnails), kept in the
/// trash, released by a permanent delete or purge, each exactly once under retries, second instances and races.
/// </summary>
public sealed class UsageLedgerTests
{
    private const long Original = 10;
    private const long Variants = 5;
    private const long Stored = Original + Variants;

    private readonly ConfirmationHarness _harness = new();

    public UsageLedgerTests() =>
        _harness.Publisher.Outcome = _ => new PublishOutcome.Published(ScriptedPublisher.Published with { VariantBytes = Variants });

    private UserUsage Usage => _harness.Usage["user"] ?? new UserUsage("user", 0, 0, null, null, new Dictionary<string, LedgerEntry>(), 0);

    private async Task<ImageRecord> ConfirmedAsync()
    {
        var outcome = await _harness.Confirmation().ConfirmAsync(_harness.Pending(), "caller", CancellationToken.None);
        return Assert.IsType<ConfirmOutcome.Available>(outcome).Image;
    }

    [Fact]
    public async Task Confirming_an_image_counts_its_original_and_thumbnails_and_leaves_no_entry_in_flight()
    {
        var image = await ConfirmedAsync();

        Assert.Equal(Stored, image.StoredBytes);
        Assert.Equal((Stored, 1L), (Usage.Bytes, Usage.Images));
        Assert.Empty(Usage.Ledger);
    }

    [Fact]
    public async Task The_trash_still_counts_a_restore_changes_nothing_and_a_permanent_delete_releases_once()
    {
        var image = await ConfirmedAsync();
        var lifecycle = _harness.Lifecycle();

        await lifecycle.DeleteAsync(image.ImageId, "user", CancellationToken.None);
        Assert.Equal((Stored, 1L), (Usage.Bytes, Usage.Images));
        await lifecycle.RestoreAsync(image.ImageId, "user", CancellationToken.None);
        await lifecycle.DeleteAsync(image.ImageId, "user", CancellationToken.None);
        Assert.Equal((Stored, 1L), (Usage.Bytes, Usage.Images));

        Assert.True(await lifecycle.DeleteFromTrashAsync(image.ImageId, "user", CancellationToken.None));
        Assert.False(await lifecycle.DeletePermanentlyAsync(image.ImageId, "user", CancellationToken.None));

        Assert.Equal((0L, 0L), (Usage.Bytes, Usage.Images));
        Assert.True(Usage.Ledger[image.ImageId].Released);
    }

    [Fact]
    public async Task The_sweepers_purge_releases_what_the_image_counted()
    {
        var image = await ConfirmedAsync();
        await _harness.Lifecycle().DeleteAsync(image.ImageId, "user", CancellationToken.None);
        _harness.Clock.Advance(_harness.Images.TrashRetention + TimeSpan.FromSeconds(1));

        await _harness.Lifecycle().PurgeDueAsync(10, CancellationToken.None);

        Assert.Null(_harness.Store[image.ImageId]);
        Assert.Equal((0L, 0L), (Usage.Bytes, Usage.Images));
    }

    [Fact]
    public async Task Two_instances_releasing_the_same_image_from_the_same_read_count_it_once_even_after_the_record_is_gone()
    {
        var image = await ConfirmedAsync();
        var marked = image with { Status = ImageStatus.Deleting };
        var ledger = _harness.Ledger();

        await ledger.ReleaseAsync(marked, CancellationToken.None);
        _harness.Store.Add(marked);
        await _harness.Store.RemoveDeletingAsync(image.ImageId, CancellationToken.None);
        await ledger.ReleaseAsync(marked, CancellationToken.None);

        Assert.Equal((0L, 0L), (Usage.Bytes, Usage.Images));
    }

    [Fact]
    public async Task A_charge_repeated_after_a_crash_before_the_record_was_written_counts_once()
    {
        var pending = _harness.Pending();
        var ledger = _harness.Ledger();

        Assert.Null((await ledger.ChargeAsync(pending, Stored, CancellationToken.None)).Refusal);
        Assert.Null((await ledger.ChargeAsync(pending, Stored, CancellationToken.None)).Refusal);
        var outcome = await _harness.Confirmation().ConfirmAsync(pending, "caller", CancellationToken.None);

        Assert.IsType<ConfirmOutcome.Available>(outcome);
        Assert.Equal((Stored, 1L), (Usage.Bytes, Usage.Images));
        Assert.Empty(Usage.Ledger);
    }

    [Fact]
    public async Task A_confirmation_that_would_pass_the_byte_quota_is_refused_with_its_bytes_deleted_and_nothing_counted()
    {
        _harness.Quotas.DefaultBytes = Stored + 1;
        var first = await ConfirmedAsync();
        var second = _harness.Pending();

        var outcome = await _harness.Confirmation().ConfirmAsync(second, "caller", CancellationToken.None);

        var refused = Assert.IsType<ConfirmOutcome.OverQuota>(outcome);
        Assert.Equal((QuotaLimits.Bytes, Stored, Stored + 1, Stored), (refused.Refusal.Kind, refused.Refusal.Usage, refused.Refusal.Limit, refused.Refusal.Requested));
        Assert.Equal(ImageStatus.Rejected, _harness.Store[second.ImageId]!.Status);
        Assert.Contains(ObjectKeys.Original(second.ImageId), _harness.Objects.Deleted);
        Assert.Contains(second.StagingKey!, _harness.Objects.Deleted);
        Assert.Equal((Stored, 1L), (Usage.Bytes, Usage.Images));
        Assert.Equal(ImageStatus.Available, _harness.Store[first.ImageId]!.Status);
    }

    [Fact]
    public async Task The_refusal_names_what_the_trash_holds_and_emptying_it_makes_room_again()
    {
        _harness.Quotas.DefaultImages = 1;
        var first = await ConfirmedAsync();
        await _harness.Lifecycle().DeleteAsync(first.ImageId, "user", CancellationToken.None);

        var refusal = await _harness.Ledger().CheckUploadAsync("user", 1, CancellationToken.None);
        Assert.NotNull(refusal);
        Assert.Equal((QuotaLimits.Images, 1L, 1L), (refusal.Kind, refusal.Report.TrashedImages, refusal.Report.TrashedBytes / Stored));
        Assert.Contains("empty the trash", refusal.Reason, StringComparison.Ordinal);

        await _harness.Lifecycle().DeleteFromTrashAsync(first.ImageId, "user", CancellationToken.None);
        Assert.Null(await _harness.Ledger().CheckUploadAsync("user", 1, CancellationToken.None));
    }

    [Fact]
    public async Task Charges_racing_for_the_last_room_never_pass_the_limit()
    {
        _harness.Quotas.DefaultBytes = (3 * Stored) + 1;
        // Every write waits for the others to read first: all read the same counters, and the conditions decide.
        _harness.Usage.BeforeWrite = () => Task.Delay(5);
        var ledger = _harness.Ledger();
        var images = Enumerable.Range(0, 8).Select(_ => _harness.Pending()).ToList();

        var charges = await Task.WhenAll(images.Select(image => Task.Run(() => ledger.ChargeAsync(image, Stored, CancellationToken.None))));

        Assert.Equal(3, charges.Count(charge => charge.Refusal is null));
        Assert.Equal((3 * Stored, 3L), (Usage.Bytes, Usage.Images));
    }

    [Fact]
    public async Task An_admins_override_replaces_the_default_and_null_gives_it_back()
    {
        _harness.Quotas.DefaultBytes = 100;
        var ledger = _harness.Ledger();

        var overridden = await ledger.SetLimitsAsync("user", 0, 3, CancellationToken.None);
        Assert.Equal((null, 3L), (overridden.LimitBytes, overridden.LimitImages));

        var restored = await ledger.SetLimitsAsync("user", null, null, CancellationToken.None);
        Assert.Equal((100L, null), (restored.LimitBytes, restored.LimitImages));
    }

    [Fact]
    public async Task Settling_refunds_a_charge_whose_record_was_rejected_drops_one_whose_record_is_available_and_keeps_releases_for_the_horizon()
    {
        var ledger = _harness.Ledger();
        var rejected = _harness.Pending();
        var available = await ConfirmedAsync();
        var deleted = await ConfirmedAsync();
        await ledger.ChargeAsync(rejected, Stored, CancellationToken.None);
        await _harness.Store.MarkRejectedAsync(rejected.ImageId, "refused", _harness.Now, CancellationToken.None);
        _harness.Usage.Corrupt("user", Usage.Bytes, Usage.Images);
        await _harness.Usage.TryApplyAsync("user", new UsageChange(available.ImageId, null, LedgerEntry.Charge(Stored, _harness.Now), 0, 0), CancellationToken.None);
        await _harness.Lifecycle().DeletePermanentlyAsync(deleted.ImageId, "user", CancellationToken.None);

        await ledger.SettleAsync(Usage, CancellationToken.None);
        Assert.Equal([deleted.ImageId], Usage.Ledger.Keys);
        _harness.Clock.Advance(UsageLedger.ReleaseHorizon + TimeSpan.FromSeconds(1));
        await ledger.SettleAsync(Usage, CancellationToken.None);

        Assert.Empty(Usage.Ledger);
        Assert.Equal((Stored, 1L), (Usage.Bytes, Usage.Images));
    }

    [Fact]
    public async Task The_repair_recomputes_drifted_counters_from_the_records_and_the_charges_in_flight()
    {
        var kept = await ConfirmedAsync();
        var trashed = await ConfirmedAsync();
        await _harness.Lifecycle().DeleteAsync(trashed.ImageId, "user", CancellationToken.None);
        var inFlight = _harness.Pending();
        var ledger = _harness.Ledger();
        await ledger.ChargeAsync(inFlight, Stored, CancellationToken.None);
        _harness.Usage.Corrupt("user", 12345, 42);

        var (before, after) = await ledger.RepairAsync("user", CancellationToken.None);

        Assert.Equal(new UsageCounts(12345, 42), before);
        Assert.Equal(new UsageCounts(3 * Stored, 3), after);
        Assert.Equal((3 * Stored, 3L), (Usage.Bytes, Usage.Images));
        Assert.Equal(ImageStatus.Available, _harness.Store[kept.ImageId]!.Status);
        var (users, repaired) = await ledger.RepairAllAsync(CancellationToken.None);
        Assert.Equal((1, 0), (users, repaired));
    }
}
