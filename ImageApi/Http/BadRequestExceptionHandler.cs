using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CloudImageService.Http;

/// <summary>
/// Turns request-binding failures (malformed JSON, a field of the wrong type, a wrong media type) into a
/// problem+json 4xx that says what was wrong, instead of an empty 400.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var problem = new ProblemDetails
        {
            Status = badRequest.StatusCode,
            Detail = badRequest.InnerException is JsonException json ? DescribeJsonError(json) : badRequest.Message,
        };
        if (badRequest.InnerException is JsonException { Path: { Length: > 1 } path })
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [FieldName(path)] = ["Malformed or of the wrong type."] };
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static string DescribeJsonError(JsonException json) => json.Path is { Length: > 1 } path
        ? $"The request body is not valid: '{FieldName(path)}' is malformed or of the wrong type."
        : "The request body is not valid JSON.";

    // "$.tags[2]" -> "tags[2]"
    private static string FieldName(string jsonPath) => jsonPath.TrimStart('$', '.');
}
