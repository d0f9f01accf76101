using System.Net;
using CloudImageService.Delivery;
using CloudImageService.Http;
using CloudImageService.Shares;
using CloudImageService.Storage.S3;

namespace CloudImageService.Gallery;

/// <summary>
/// The page a link opens, /s/{token}, for anyone holding it: no sign-in, nothing from the gallery's session. The page
/// is fixed HTML; its script (/js/share.js) reads the images from /s/{token}/images. An unknown token answers 404, an
/// expired or revoked link 410, each with a page that says so.
/// </summary>
public static class SharedLinkPage
{
    public static IEndpointRouteBuilder MapSharedLinkPage(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        string? imageOrigin = null;
        app.MapGet(SharesApi.PagePrefix + "{token}", async (string token, ShareLinks links, HttpContext context, CancellationToken cancellationToken) =>
            {
                var visit = await links.LookUpAsync(token, cancellationToken);
                imageOrigin ??= services.ImageOrigin() ?? services.GetService<ObjectUrlSigner>()?.StorageOrigin();
                var response = context.Response;
                SharedPageHeaders.Apply(response);
                response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(imageOrigin);
                response.Headers.XContentTypeOptions = "nosniff";
                var (status, html) = visit switch
                {
                    ShareVisit.Open => (StatusCodes.Status200OK, Page),
                    ShareVisit.Ended => (StatusCodes.Status410Gone, Message(
                        "Link no longer available", "This link has expired or was revoked by the person who shared it.")),
                    _ => (StatusCodes.Status404NotFound, Message(
                        "Link not found", "There is no shared album at this address. Check that the link was copied whole.")),
                };
                return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
            })
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Only our own script and style; images only from where the URLs point (storage, or CloudFront); calls only to this
    /// API. Placeholders are painted on a canvas, so not even data: images are needed.
    /// </summary>
    public static string ContentSecurityPolicy(string? imageOrigin) =>
        $"default-src 'none'; script-src 'self'; style-src 'self'; img-src {imageOrigin ?? "'none'"}; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string Head(string title) => $"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta name="robots" content="noindex, nofollow">
          <meta name="referrer" content="no-referrer">
          <title>{WebUtility.HtmlEncode(title)}</title>
          <link rel="stylesheet" href="/css/share.css">
        """;

    private static readonly string Page = Head("Shared images") + "\n" + """
          <script type="module" src="/js/share.js"></script>
        </head>
        <body>
          <main>
            <h1 id="share-title">Shared images</h1>
            <p id="share-status" role="status">Loading…</p>
            <ul id="share-grid" class="share-grid" aria-labelledby="share-title"></ul>
          </main>
          <dialog id="share-viewer" aria-labelledby="share-viewer-title">
            <h2 id="share-viewer-title" class="visually-hidden">Image</h2>
            <img id="share-viewer-image" alt="">
            <p class="viewer-actions">
              <a id="share-viewer-original" hidden target="_blank" rel="noopener noreferrer">Open the original</a>
              <button id="share-viewer-close" type="button">Close</button>
            </p>
          </dialog>
        </body>
        </html>
        """;

    private static string Message(string title, string text) =>
        Head(title) + "\n" + $"""
        </head>
        <body>
          <main>
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(text)}</p>
          </main>
        </body>
        </html>
        """;
}
