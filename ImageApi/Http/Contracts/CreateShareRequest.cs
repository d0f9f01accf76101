using System.ComponentModel;

namespace CloudImageService.Http.Contracts;

/// <summary>A new public link to some of the caller's images.</summary>
public sealed record CreateShareRequest(
    [property: Description("The images to share: available images of the owner, at most Shares:MaxImages (default 100).")]
    string[]? ImageIds,
    [property: Description("Shown as the shared page's heading; at most Shares:MaxTitleLength characters.")]
    string? Title = null,
    [property: Description("When the link stops working (ISO 8601). Default: in Shares:DefaultLifetime (7 days); at most Shares:MaxLifetime ahead.")]
    DateTime? ExpiresAt = null,
    [property: Description("Whether visitors may open and download the originals (as uploaded, with the file's own metadata, GPS included). Default false: thumbnails only.")]
    bool? AllowOriginal = null,
    [property: Description("The owner: defaults to the token's subject with JWT auth; required when auth is off.")]
    string? UserId = null);
