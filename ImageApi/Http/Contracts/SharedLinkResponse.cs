using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

/// <summary>What a link shows: its title and the images of it that are still available, read at this moment.</summary>
public sealed record SharedLinkResponse(
    string? Title,
    DateTime ExpiresAt,
    bool AllowOriginal,
    [property: Description("The link's images that are still available; trashed and deleted ones are left out.")]
    SharedImageResponse[] Images);
