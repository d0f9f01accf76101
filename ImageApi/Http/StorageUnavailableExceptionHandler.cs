using Amazon.Runtime;
using CloudImageService.Storage.Aws;
using Microsoft.AspNetCore.Mvc;
using IExceptionHandler = Microsoft.AspNetCore.Diagnostics.IExceptionHandler;

namespace CloudImageService.Http;

/// <summary>S3 or DynamoDB unreachable or failing: 503 with Retry-After, so clients retry instead of seeing a 500.</summary>
public sealed partial class StorageUnavailableExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<StorageUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var clientAborted = httpContext.Features.Get<StorageDeadline.ClientAbortedFeature>()?.Token ?? httpContext.RequestAborted;
        if (!IsStorageOutage(exception, clientAborted)) return false;

        LogOutage(exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = "Image storage is temporarily unavailable. Retry shortly.",
            },
            Exception = exception,
        });
    }

    private static bool IsStorageOutage(Exception exception, CancellationToken requestAborted) => exception switch
    {
        AmazonServiceException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } => true,
        AmazonServiceException service when service.InnerException is HttpRequestException or TimeoutException => true,
        AmazonClientException => true,
        HttpRequestException or TimeoutException => true,
        OperationCanceledException => !requestAborted.IsCancellationRequested,
        _ when UnreadableResponse.Is(exception) => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable")]
    private partial void LogOutage(Exception exception);
}
