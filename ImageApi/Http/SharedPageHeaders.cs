namespace CloudImageService.Http;

/// <summary>Headers of everything under /s/: the token in the address must not leak, and nothing there is indexed or stored.</summary>
public static class SharedPageHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }
}
