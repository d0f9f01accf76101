using CloudImageService.Images;

namespace CloudImageService.Shares;

/// <summary>What opening a link finds.</summary>
public abstract record ShareVisit
{
    private ShareVisit()
    {
    }

    /// <summary>Malformed or unknown token.</summary>
    public sealed record NotFound : ShareVisit;

    /// <summary>Expired or revoked: 410.</summary>
    public sealed record Ended(Share Share, ShareState State) : ShareVisit;

    /// <summary>The link works: its images that are still available.</summary>
    public sealed record Open(Share Share, IReadOnlyList<ImageRecord> Images) : ShareVisit;
}
