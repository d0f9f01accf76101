using System.Collections.Concurrent;
using CloudImageService.Shares;

namespace ImageApi.Tests.Shares;

/// <summary>Links in memory, with the table's rules: revoking is conditional on the owner and on not being revoked yet.</summary>
internal sealed class InMemoryShareStore : IShareStore
{
    private readonly ConcurrentDictionary<string, Share> _shares = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Share> Shares => [.. _shares.Values];

    public void Add(Share share) => _shares[share.Id] = share;

    public Task CreateAsync(Share share, DateTime removeAfter, CancellationToken cancellationToken) =>
        _shares.TryAdd(share.Id, share) ? Task.CompletedTask : throw new InvalidOperationException($"Share {share.Id} exists already.");

    public Task<Share?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_shares.TryGetValue(id, out var share) ? share : null);

    public Task<IReadOnlyList<Share>> ListByOwnerAsync(string ownerId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Share>>([.. _shares.Values
            .Where(share => share.OwnerId == ownerId && share.RevokedAt is null)
            .OrderByDescending(share => share.CreatedAt)
            .Take(limit)]);

    public Task<bool> RevokeAsync(string id, string? ownerId, DateTime revokedAt, DateTime removeAfter, CancellationToken cancellationToken)
    {
        lock (_shares)
        {
            if (!_shares.TryGetValue(id, out var share) || share.RevokedAt is not null || (ownerId is not null && share.OwnerId != ownerId))
            {
                return Task.FromResult(false);
            }
            _shares[id] = share with { RevokedAt = revokedAt };
            return Task.FromResult(true);
        }
    }
}
