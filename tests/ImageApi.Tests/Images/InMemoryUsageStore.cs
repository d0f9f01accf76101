using System.Runtime.CompilerServices;
using CloudImageService.Images;

namespace ImageApi.Tests.Images;

/// <summary>Usage items in memory, each change applied under its conditions as the one DynamoDB UpdateItem would.</summary>
internal sealed class InMemoryUsageStore(InMemoryImageStore records) : IUsageStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, UserUsage> _items = [];

    /// <summary>Runs before each conditional write: a test can let another writer in between a read and a write.</summary>
    public Func<Task>? BeforeWrite { get; set; }

    public int Writes { get; private set; }

    public UserUsage? this[string userId]
    {
        get { lock (_gate) return _items.GetValueOrDefault(userId); }
    }

    public Task<UserUsage?> FindAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(this[userId]);

    public Task EnsureAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate) _items.TryAdd(userId, Empty(userId));
        return Task.CompletedTask;
    }

    public async Task<bool> TryApplyAsync(string userId, UsageChange change, CancellationToken cancellationToken)
    {
        if (BeforeWrite is { } hook) await hook();
        lock (_gate)
        {
            if (!_items.TryGetValue(userId, out var usage)) return false;
            var current = usage.Ledger.GetValueOrDefault(change.ImageId);
            if (current != change.Expected) return false;
            if (change.Bound is { } bound
                && (usage.Bytes > bound.MaxBytes || usage.Images > bound.MaxImages
                    || usage.LimitBytes != bound.SeenLimitBytes || usage.LimitImages != bound.SeenLimitImages))
            {
                return false;
            }
            var ledger = new Dictionary<string, LedgerEntry>(usage.Ledger);
            if (change.Next is { } next) ledger[change.ImageId] = next;
            else ledger.Remove(change.ImageId);
            _items[userId] = usage with
            {
                Bytes = usage.Bytes + change.BytesDelta,
                Images = usage.Images + change.ImagesDelta,
                Ledger = ledger,
                Version = usage.Version + 1,
            };
            Writes++;
            return true;
        }
    }

    public Task SetLimitsAsync(string userId, long? bytes, long? images, CancellationToken cancellationToken)
    {
        lock (_gate) _items[userId] = (_items.GetValueOrDefault(userId) ?? Empty(userId)) with { LimitBytes = bytes, LimitImages = images };
        return Task.CompletedTask;
    }

    public Task<bool> TryResetAsync(string userId, long bytes, long images, long expectedVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(userId, out var usage) || usage.Version != expectedVersion) return Task.FromResult(false);
            _items[userId] = usage with { Bytes = bytes, Images = images, Version = usage.Version + 1 };
            return Task.FromResult(true);
        }
    }

    /// <summary>Sets the counters as a bug or a lost write would have left them.</summary>
    public void Corrupt(string userId, long bytes, long images)
    {
        lock (_gate) _items[userId] = (_items.GetValueOrDefault(userId) ?? Empty(userId)) with { Bytes = bytes, Images = images };
    }

    public async IAsyncEnumerable<ImageRecord> RecordsOfAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var record in records.Records.Where(record => record.UserId == userId)) yield return record;
    }

    public async IAsyncEnumerable<string> UsersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        string[] users;
        lock (_gate) users = [.. records.Records.Select(record => record.UserId).Concat(_items.Keys).Distinct()];
        foreach (var user in users) yield return user;
    }

    private static UserUsage Empty(string userId) => new(userId, 0, 0, null, null, new Dictionary<string, LedgerEntry>(), 0);
}
