namespace CloudImageService.Gallery;

/// <summary>
/// The page runs only its own scripts: an injected script could read the bearer token kept in its memory. Besides the
/// API, it talks to exactly one other origin, storage's, whose presigned URLs its images load from and its uploads go to.
/// </summary>
public sealed class GalleryContentSecurityPolicy(Func<string?> storageOrigin)
{
    private string? _policy;

    /// <summary>Built once storage's origin is known; until then (credentials not yet resolvable) the page reaches only the API.</summary>
    public string Value => _policy ?? (storageOrigin() is { } origin ? _policy = For(origin) : For(null));

    public static string For(string? storageOrigin)
    {
        var storage = storageOrigin is null ? "" : " " + storageOrigin;
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:{storage}; " +
               $"connect-src 'self'{storage}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}
