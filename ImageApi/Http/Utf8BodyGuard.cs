using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CloudImageService.Http;

/// <summary>
/// JSON bodies must be UTF-8 (RFC 8259). A body declaring another charset, known or not, is answered 415 here:
/// left to the JSON reader, an unknown charset surfaces as an InvalidOperationException, i.e. a 500.
/// </summary>
public sealed class Utf8BodyGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problemDetails)
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && mediaType.Charset is { Length: > 0 } charset
            && !IsUtf8(charset.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Detail = $"Request bodies must be UTF-8; charset '{Truncate(charset.ToString())}' is not accepted.",
                },
            });
            return;
        }
        await next(context);
    }

    private static bool IsUtf8(string charset) =>
        charset.Trim('"') is var name
        && (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
