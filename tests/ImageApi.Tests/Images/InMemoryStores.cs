using System.Collections.Concurrent;
using CloudImageService.Images;
using CloudImageService.Storage.Schema;

namespace ImageApi.Tests.Images;

/// <summary>The record store's conditional transitions, in memory: each condition as DynamoDB checks it.</summary>
internal sealed class InMemoryImageStore : IImageStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (ImageRecord Record, DateTime? Lease)> _items = [];

    public void Add(ImageRecord record)
    {
        lock (_gate) _items[record.ImageId] = (record, null);
    }

    public ImageRecord? this[string imageId]
    {
        get { lock (_gate) return _items.TryGetValue(imageId, out var item) ? item.Record : null; }
    }

    public IReadOnlyList<ImageRecord> Records
    {
        get { lock (_gate) return [.. _items.Values.Select(item => item.Record)]; }
    }

    /// <summary>Adds the record unless one with its id exists, as a write conditional on the id's absence.</summary>
    public bool TryAdd(ImageRecord record)
    {
        lock (_gate) return _items.TryAdd(record.ImageId, (record, null));
    }

    public DateTime? LeaseOf(string imageId)
    {
        lock (_gate) return _items.TryGetValue(imageId, out var item) ? item.Lease : null;
    }

    public DateTime? PurgeAt { get; private set; }

    public IReadOnlyList<string> PendingShards => ImageStoreSchema.PendingPartitionValues;

    public Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken) => Task.FromResult(this[imageId]);

    public Task<ImageRecord?> TryLeaseAsync(string imageId, DateTime now, DateTime until, CancellationToken cancellationToken) =>
        Update(imageId, item => item.Record.IsPending && (item.Lease is null || item.Lease < now), item => (item.Record, until));

    public Task ReleaseLeaseAsync(string imageId, CancellationToken cancellationToken) =>
        Update(imageId, item => item.Record.IsPending, item => (item.Record, null));

    public Task RecordDecodeAttemptAsync(string imageId, CancellationToken cancellationToken) =>
        Update(imageId, item => item.Record.IsPending, item => (item.Record with { DecodeAttempts = item.Record.DecodeAttempts + 1 }, item.Lease));

    public Task ForgetDecodeAttemptAsync(string imageId, CancellationToken cancellationToken) =>
        Update(imageId, item => item.Record.IsPending && item.Record.DecodeAttempts > 0,
            item => (item.Record with { DecodeAttempts = item.Record.DecodeAttempts - 1 }, item.Lease));

    public Task<ImageRecord?> MarkAvailableAsync(string imageId, PublishedImage published, CancellationToken cancellationToken) =>
        Update(imageId, item => item.Record.IsPending, item => (item.Record with
        {
            Status = ImageStatus.Available,
            SizeBytes = published.SizeBytes,
            StoredBytes = published.StoredBytes,
            Width = published.Width,
            Height = published.Height,
            Format = published.Format,
            Sha256 = published.Sha256,
            ThumbnailSizes = published.ThumbnailSizes,
            Placeholder = published.Placeholder,
            VariantRecipe = published.VariantRecipe,
            Capture = published.Capture,
            UploadExpiresAt = null,
            MultipartUploadId = null,
        }, null));

    public Task<ImageRecord?> MarkRejectedAsync(string imageId, string reason, DateTime purgeAt, CancellationToken cancellationToken)
    {
        PurgeAt = purgeAt;
        return Update(imageId, item => item.Record.IsPending,
            item => (item.Record with { Status = ImageStatus.Rejected, RejectionReason = reason, UploadExpiresAt = null, MultipartUploadId = null }, null));
    }

    public Task<bool> RemovePendingAsync(string imageId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_items.TryGetValue(imageId, out var item) && item.Record.IsPending && _items.Remove(imageId));
    }

    public IReadOnlyList<string> TrashShards => ImageStoreSchema.TrashPartitionValues;

    public Task<ImageRecord?> MarkDeletingAsync(
        string imageId, string? ownerId, DeletionScope scope, DateTime? purgeDueBy, CancellationToken cancellationToken) =>
        Update(imageId, item => (ownerId is null || item.Record.UserId == ownerId) && scope switch
        {
            DeletionScope.AnyButTrashed => !item.Record.IsTrashed,
            DeletionScope.Unverified => item.Record.Status is not (ImageStatus.Trashed or ImageStatus.Available),
            _ => (item.Record.IsTrashed || (item.Record.Status == ImageStatus.Deleting && item.Record.PurgeAfter is not null))
                 && !(item.Record.PurgeAfter > purgeDueBy),
        },
            item => (item.Record with { Status = ImageStatus.Deleting, UploadExpiresAt = null }, item.Lease));

    public Task<ImageRecord?> MarkTrashedAsync(string imageId, string? ownerId, DateTime trashedAt, DateTime purgeAfter, CancellationToken cancellationToken) =>
        Update(imageId, item => item.Record.Status == ImageStatus.Available && (ownerId is null || item.Record.UserId == ownerId),
            item => (item.Record with { Status = ImageStatus.Trashed, TrashedAt = trashedAt, PurgeAfter = purgeAfter }, item.Lease));

    public Task<ImageRecord?> RestoreAsync(string imageId, string? ownerId, CancellationToken cancellationToken) =>
        Update(imageId, item => item.Record.IsTrashed && (ownerId is null || item.Record.UserId == ownerId),
            item => (item.Record with { Status = ImageStatus.Available, TrashedAt = null, PurgeAfter = null }, item.Lease));

    public Task<IReadOnlyList<ImageRecord>> FindPurgeDueAsync(string shard, DateTime dueBy, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ImageRecord>>([.. _items.Values.Select(item => item.Record)
                .Where(record => record.PurgeAfter <= dueBy && ImageStoreSchema.TrashPartitionFor(record.ImageId) == shard)
                .OrderBy(record => record.PurgeAfter)
                .Take(limit)]);
        }
    }

    public Task<bool> RemoveDeletingAsync(string imageId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.TryGetValue(imageId, out var item) && item.Record.Status == ImageStatus.Deleting && _items.Remove(imageId));
        }
    }

    public Task<IReadOnlyList<ImageRecord>> FindAbandonedUploadsAsync(string shard, DateTime closedBefore, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ImageRecord>>([.. _items.Values.Select(item => item.Record)
                .Where(record => record.IsPending && record.UploadExpiresAt < closedBefore
                    && ImageStoreSchema.PendingPartitionFor(record.ImageId) == shard)
                .OrderBy(record => record.UploadExpiresAt)
                .Take(limit)]);
        }
    }

    private Task<ImageRecord?> Update(
        string imageId, Func<(ImageRecord Record, DateTime? Lease), bool> condition,
        Func<(ImageRecord Record, DateTime? Lease), (ImageRecord, DateTime?)> change)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(imageId, out var item) || !condition(item)) return Task.FromResult<ImageRecord?>(null);
            _items[imageId] = change(item);
            return Task.FromResult<ImageRecord?>(_items[imageId].Record);
        }
    }
}

/// <summary>Objects with their write times; deletes are recorded as well as applied.</summary>
internal sealed class RecordingObjectStore : IObjectStore
{
    /// <summary>A bucket rule expires staged uploads; false as on s3rver, where the sweeper does.</summary>
    public bool ExpiresStagedObjects { get; set; } = true;

    public ConcurrentBag<string> Deleted { get; } = [];

    public ConcurrentDictionary<string, DateTime> Objects { get; } = new();

    /// <summary>Every delete throws, as during an S3 outage.</summary>
    public bool FailDeletes { get; set; }

    public Task DeleteAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        if (FailDeletes) throw new IOException("S3 is unreachable.");
        foreach (var key in keys)
        {
            Deleted.Add(key);
            Objects.TryRemove(key, out _);
        }
        return Task.CompletedTask;
    }

    /// <summary>Multipart uploads aborted, as staging key and upload id.</summary>
    public ConcurrentBag<(string Key, string UploadId)> Aborted { get; } = [];

    public Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        if (FailDeletes) throw new IOException("S3 is unreachable.");
        Aborted.Add((key, uploadId));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> FindStagedOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Objects
            .Where(pair => pair.Key.StartsWith(ObjectKeys.StagingPrefix, StringComparison.Ordinal) && pair.Value < cutoff)
            .Select(pair => pair.Key)]);
}

/// <summary>
/// A publisher whose every call the test decides: it counts calls and decodes, and a call can be held open (a decode
/// that never returns: the process died) or fail after its decode was counted.
/// </summary>
internal sealed class ScriptedPublisher : IUploadPublisher
{
    private int _calls;
    private int _decodes;

    public Func<ImageRecord, PublishOutcome> Outcome { get; set; } = record => new PublishOutcome.Published(Published);

    /// <summary>When set, each call announces its decode and then waits for this (forever if never completed).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public Exception? FailAfterDecode { get; set; }

    public int Calls => _calls;

    public int Decodes => _decodes;

    public static PublishedImage Published { get; } = new(10, "etag", 4, 3, "png", new string('a', 64), [256]);

    public Task<IStagedUpload> StageAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var outcome = Outcome(record);
        return Task.FromResult<IStagedUpload>(new Staged(this, outcome is PublishOutcome.NotUploaded or PublishOutcome.Busy ? outcome : null, outcome));
    }

    /// <summary>Staged: either ended before any decode, or a decode that announces itself and then gives the scripted outcome.</summary>
    private sealed class Staged(ScriptedPublisher publisher, PublishOutcome? ended, PublishOutcome outcome) : IStagedUpload
    {
        public PublishOutcome? Ended => ended;

        public async Task<PublishOutcome> DecodeAndPublishAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref publisher._decodes);
            if (publisher.Hold is { } hold) await hold.Task.WaitAsync(cancellationToken);
            if (publisher.FailAfterDecode is { } failure) throw failure;
            return outcome;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
