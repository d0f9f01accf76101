using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudImageService.Http;

/// <summary>
/// A Content-Security-Policy for the Scalar page (/scalar/v1), which Scalar serves without one: its own scripts and
/// the one inline module that starts it (allowed by hash, read from the page as served), calls to this API only, and
/// no framing. Scalar's Vue components set inline styles, hence style-src 'unsafe-inline'.
/// </summary>
public sealed partial class ScalarPageSecurityHeaders(RequestDelegate next)
{
    public const string PathPrefix = "/scalar";

    public async Task InvokeAsync(HttpContext context)
    {
        // The page itself has no extension; its scripts (scalar.js, …) are left alone.
        if (!context.Request.Path.StartsWithSegments(PathPrefix) || Path.HasExtension(context.Request.Path.Value))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var page = new MemoryStream();
        context.Response.Body = page;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Response.Headers.ContentSecurityPolicy = PolicyFor(Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length));
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
        }
        page.Position = 0;
        await page.CopyToAsync(original, context.RequestAborted);
    }

    public static string PolicyFor(string html)
    {
        var inlineScripts = InlineScript().Matches(html)
            .Select(match => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups["body"].Value)))}'");
        return $"default-src 'self'; script-src 'self'{string.Concat(inlineScripts)}; style-src 'self' 'unsafe-inline'; " +
               "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
               "form-action 'self'; frame-ancestors 'none'";
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
