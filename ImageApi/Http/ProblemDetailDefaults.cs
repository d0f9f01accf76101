using Microsoft.AspNetCore.WebUtilities;

namespace CloudImageService.Http;

/// <summary>A human detail for the problems ASP.NET Core writes itself (no route, wrong method, wrong media type), as ours carry.</summary>
public static class ProblemDetailDefaults
{
    public static void AddDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => "Nothing is served at this address; the API's routes are listed at /scalar/v1.",
            StatusCodes.Status405MethodNotAllowed => "This route does not take this method; the Allow header lists those it does.",
            StatusCodes.Status415UnsupportedMediaType => "The body must be JSON, sent with Content-Type: application/json.",
            { } status => problem.Title ?? ReasonPhrases.GetReasonPhrase(status),
            null => problem.Title,
        };
    }
}
