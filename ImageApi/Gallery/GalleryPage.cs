using CloudImageService.Security;
using Microsoft.Extensions.Options;

namespace CloudImageService.Gallery;

/// <summary>What the gallery page needs to know before its first call: how the user identifies.</summary>
public sealed record GalleryConfig(string AuthMode);

/// <summary>
/// The web gallery at / : static files from wwwroot (plain HTML, CSS and JavaScript modules, no build step) that call
/// the same /images API as any other client, and move image bytes straight to and from S3 with presigned URLs.
/// </summary>
public static class GalleryPage
{
    // The page runs only its own scripts: an injected script could read the bearer token kept in its memory.
    // Images and uploads go to S3, whose origin differs per mode (emulator, LocalStack, AWS region), hence http(s):.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: http: https:; " +
        "connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseGallery(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Revalidate every time (ETag makes that cheap), so a new version of the page is never mixed with old modules.
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    // Presigned URLs in img src must not carry the page's address to S3 and beyond.
                    headers["Referrer-Policy"] = "no-referrer";
                }
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapGallery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/gallery/config", (IOptions<AuthOptions> auth) =>
                TypedResults.Ok(new GalleryConfig(auth.IsEnforced() ? "jwt" : "none")))
            .ExcludeFromDescription();
        return app;
    }
}
