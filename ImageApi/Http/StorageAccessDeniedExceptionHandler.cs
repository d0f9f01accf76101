using Amazon.Runtime;
using CloudImageService.Storage.Startup;
using Microsoft.AspNetCore.Mvc;
using IExceptionHandler = Microsoft.AspNetCore.Diagnostics.IExceptionHandler;

namespace CloudImageService.Http;

/// <summary>
/// S3 or DynamoDB refused the deployment's credentials: not an outage to retry, and not the client's fault. Logged as
/// such and answered 500 with a detail that says the deployment is misconfigured.
/// </summary>
public sealed partial class StorageAccessDeniedExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<StorageAccessDeniedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not AmazonServiceException service || !StoragePermissionProbe.IsAccessDenied(service)) return false;

        LogAccessDenied(exception, service.ErrorCode, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "The service is misconfigured",
                Detail = "Image storage refused this deployment's credentials. The operator must grant the API's IAM policy; retrying will not help.",
            },
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Storage refused the deployment's credentials ({ErrorCode}) during {Method} {Path}: the IAM policy lacks a permission the API needs")]
    private partial void LogAccessDenied(Exception exception, string errorCode, string method, PathString path);
}
