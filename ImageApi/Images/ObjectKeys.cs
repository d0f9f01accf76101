namespace CloudImageService.Images;

/// <summary>
/// Where an image's bytes live in the bucket, named only by the image id (never by user input). The storage schema
/// that the CDK app links takes its prefixes from here, so the bucket's rules and policies follow this layout.
/// </summary>
public static class ObjectKeys
{
    /// <summary>Published originals: only the API writes here (a server-side copy after verification).</summary>
    public const string OriginalPrefix = "images/";

    /// <summary>What upload URLs write; the bucket (or the sweeper) expires objects here.</summary>
    public const string StagingPrefix = "uploads/";

    /// <summary>Derived variants, one object per size.</summary>
    public const string ThumbnailPrefix = "thumbnails/";

    public static string Original(string imageId) => OriginalPrefix + imageId;

    public static string Staging(string imageId) => StagingPrefix + imageId;

    /// <summary>
    /// A thumbnail's key names its recipe (format, quality, encoder), so a changed recipe writes new keys instead of
    /// changing bytes that browsers cache as immutable. Images made before recipes have the recipe-less key.
    /// </summary>
    public static string Thumbnail(string imageId, int size, string? recipe) =>
        recipe is null ? $"{ThumbnailPrefix}{imageId}/{size}.webp" : $"{ThumbnailPrefix}{imageId}/{size}-{recipe}.webp";
}
