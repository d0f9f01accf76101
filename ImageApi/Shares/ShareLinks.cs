using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Shares;

/// <summary>
/// Creating, opening, listing and revoking public links. What a link shows is decided when it is opened: only images
/// that are still available (not trashed, not deleted) and still its owner's.
/// </summary>
public sealed class ShareLinks(IShareStore store, IImageCatalog catalog, IOptions<ShareOptions> options, TimeProvider clock)
{
    // How many image reads one request runs at once.

    public ShareOptions Limits => options.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// A new link to <paramref name="imageIds"/>, each of which must be an available image of <paramref name="ownerId"/>:
    /// any other id (unknown, another user's, trashed, pending) is refused alike, so the answer tells nothing about it.
    /// </summary>
    public async Task<ShareCreation> CreateAsync(
        string ownerId, IReadOnlyList<string> imageIds, string? title, DateTime? expiresAt, bool allowOriginal,
        CancellationToken cancellationToken)
    {
        var now = Now;
        var errors = new Dictionary<string, string[]>();
        var ids = imageIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0) errors["image_ids"] = ["image_ids must name at least one image."];
        else if (ids.Length > Limits.MaxImages) errors["image_ids"] = [$"A link holds at most {Limits.MaxImages} images."];
        else if (ids.FirstOrDefault(id => !InputRules.IsImageId(id)) is { } malformed)
        {
            errors["image_ids"] = [$"'{Clip(malformed)}' is not an image id (a GUID)."];
        }
        if (title is not null && (title.Length > Limits.MaxTitleLength || title.Any(char.IsControl)))
        {
            errors["title"] = [$"title must be at most {Limits.MaxTitleLength} characters, without control characters."];
        }
        var expiry = expiresAt?.ToUniversalTime() ?? now + Limits.DefaultLifetime;
        if (expiry <= now) errors["expires_at"] = ["expires_at must be in the future."];
        else if (expiry > now + Limits.MaxLifetime) errors["expires_at"] = [$"expires_at must be within {Limits.MaxLifetime.TotalDays:0.##} days."];
        if (errors.Count > 0) return new ShareCreation.Refused(errors);

        var images = await ReadAsync(ids, cancellationToken);
        var missing = ids.Where((_, i) => images[i] is not { Status: ImageStatus.Available } image || image.UserId != ownerId).ToArray();
        if (missing.Length > 0)
        {
            return new ShareCreation.Refused(new() { ["image_ids"] = [$"Not among your available images: {string.Join(", ", missing)}."] });
        }

        var (token, id) = ShareToken.New();
        var share = new Share(id, ownerId, ids, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), now, expiry, allowOriginal);
        await store.CreateAsync(share, expiry + Limits.KeepEndedLinks, cancellationToken);
        return new ShareCreation.Created(share, token);
    }

    /// <summary>Whether <paramref name="token"/> opens a link, without reading its images (an open link's list is empty).</summary>
    public async Task<ShareVisit> LookUpAsync(string? token, CancellationToken cancellationToken)
    {
        // Malformed tokens cost no storage read.
        if (ShareToken.IdOf(token) is not { } id) return new ShareVisit.NotFound();
        if (await store.FindAsync(id, cancellationToken) is not { } share) return new ShareVisit.NotFound();
        var state = share.StateAt(Now);
        return state == ShareState.Active ? new ShareVisit.Open(share, []) : new ShareVisit.Ended(share, state);
    }

    /// <summary>What a visitor presenting <paramref name="token"/> may see, read now.</summary>
    public async Task<ShareVisit> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        var visit = await LookUpAsync(token, cancellationToken);
        if (visit is not ShareVisit.Open { Share: var share }) return visit;

        var images = await ReadAsync(share.ImageIds, cancellationToken);
        var visible = images.Where(image => image is { Status: ImageStatus.Available } && image.UserId == share.OwnerId).Cast<ImageRecord>().ToArray();
        return new ShareVisit.Open(share, visible);
    }

    /// <summary>The owner's links that still work, newest first.</summary>
    public async Task<IReadOnlyList<Share>> ListActiveAsync(string ownerId, CancellationToken cancellationToken)
    {
        var now = Now;
        var shares = await store.ListByOwnerAsync(ownerId, MaxListed, cancellationToken);
        return [.. shares.Where(share => share.StateAt(now) == ShareState.Active)];
    }

    /// <summary>How many links <see cref="ListActiveAsync"/> reads at most.</summary>
    public const int MaxListed = 200;

    /// <summary>Revokes a link at once; false when unknown, already revoked or (with <paramref name="ownerId"/>) not theirs.</summary>
    public Task<bool> RevokeAsync(string id, string? ownerId, CancellationToken cancellationToken)
    {
        var now = Now;
        return store.RevokeAsync(id, ownerId, now, now + Limits.KeepEndedLinks, cancellationToken);
    }

    private async Task<ImageRecord?[]> ReadAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var found = await catalog.FindManyAsync(ids, cancellationToken);
        return [.. ids.Select(id => found.GetValueOrDefault(id))];
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
