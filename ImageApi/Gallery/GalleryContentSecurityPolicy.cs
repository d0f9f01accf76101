namespace CloudImageService.Gallery;

/// <summary>
/// The page runs only its own scripts: an injected script could read the bearer token kept in its memory. Besides the
/// API, it talks to storage's origin, where its uploads go, and loads images from one origin: storage's presigned URLs,
/// or the CloudFront distribution's signed ones when delivery goes through it. Each is named exactly, never a wildcard.
/// </summary>
public sealed class GalleryContentSecurityPolicy(Func<string?> storageOrigin, Func<string?> imageOrigin)
{
    private string? _policy;

    /// <summary>Built once storage's origin is known; until then (credentials not yet resolvable) the page reaches only the API.</summary>
    public string Value => _policy ?? (storageOrigin() is { } storage ? _policy = For(storage, imageOrigin() ?? storage) : For(null, imageOrigin()));

    public static string For(string? storageOrigin, string? imageOrigin = null)
    {
        imageOrigin ??= storageOrigin;
        var images = imageOrigin is null ? "" : " " + imageOrigin;
        var connect = string.Concat(new[] { storageOrigin, imageOrigin }.OfType<string>().Distinct(StringComparer.Ordinal).Select(origin => " " + origin));
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:{images}; " +
               $"connect-src 'self'{connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}
