using CloudImageService.Delivery;
using CloudImageService.Ingest;
using CloudImageService.Security;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.Options;

namespace CloudImageService.Gallery;

/// <summary>
/// What the gallery page needs to know before its first call: how the user identifies, and how many uploads one caller
/// may confirm at once (more are answered 429).
/// </summary>
public sealed record GalleryConfig(string AuthMode, int MaxConfirmationsPerCaller);

/// <summary>
/// The web gallery at / : static files from wwwroot (plain HTML, CSS and JavaScript modules, no build step) that call
/// the same /images API as any other client, and move image bytes straight to and from S3 with presigned URLs.
/// </summary>
public static class GalleryPage
{
    public static WebApplication UseGallery(this WebApplication app)
    {
        var contentSecurityPolicy = new GalleryContentSecurityPolicy(
            () => app.Services.GetService<ObjectUrlSigner>()?.StorageOrigin(), app.Services.ImageOrigin);
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
                    headers.ContentSecurityPolicy = contentSecurityPolicy.Value;
                    // Presigned URLs in img src must not carry the page's address to S3 and beyond.
                    headers["Referrer-Policy"] = "no-referrer";
                }
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapGallery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/gallery/config", (IOptions<AuthOptions> auth, IOptions<IngestOptions> ingest) =>
                TypedResults.Ok(new GalleryConfig(auth.IsEnforced() ? "jwt" : "none", ingest.Value.MaxConfirmationsPerCaller)))
            .ExcludeFromDescription();
        return app;
    }
}
