using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.S3;
using CloudImageService.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace ImageApi.Tests.Infrastructure;

/// <summary>An AWS refusal of the deployment's credentials is a misconfiguration: logged as one, answered 500 saying so.</summary>
public sealed class StorageAccessDeniedTests
{
    public static TheoryData<Exception> Refusals => new()
    {
        new AmazonS3Exception("Access Denied") { ErrorCode = "AccessDenied", StatusCode = HttpStatusCode.Forbidden },
        new AmazonDynamoDBException("User is not authorized to perform: dynamodb:Query") { ErrorCode = "AccessDeniedException", StatusCode = HttpStatusCode.BadRequest },
        new AmazonS3Exception("Forbidden") { ErrorCode = "Forbidden", StatusCode = HttpStatusCode.Forbidden },
        new AmazonS3Exception("Forbidden") { StatusCode = HttpStatusCode.Forbidden },
    };

    /// <summary>403s that name a cause other than the policy: a clock, a signature, an expired session.</summary>
    public static TheoryData<string> OtherForbiddenCodes => new() { "SignatureDoesNotMatch", "RequestTimeTooSkewed", "ExpiredToken", "InvalidAccessKeyId" };

    [Theory]
    [MemberData(nameof(OtherForbiddenCodes))]
    public async Task A_403_that_names_another_cause_is_not_called_a_missing_permission(string code)
    {
        var (handler, context) = Handler(new FakeLogger<StorageAccessDeniedExceptionHandler>());

        Assert.False(await handler.TryHandleAsync(context,
            new AmazonS3Exception(code) { ErrorCode = code, StatusCode = HttpStatusCode.Forbidden }, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refusal_of_the_credentials_is_a_500_that_says_the_deployment_is_misconfigured(Exception refusal)
    {
        var logs = new FakeLogger<StorageAccessDeniedExceptionHandler>();
        var (handler, context) = Handler(logs);

        Assert.True(await handler.TryHandleAsync(context, refusal, CancellationToken.None));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Contains("misconfigured", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("IAM policy", problem.RootElement.GetProperty("detail").GetString());
        Assert.Contains("lacks a permission", Assert.Single(logs.Collector.GetSnapshot()).Message);
    }

    [Fact]
    public async Task Other_storage_errors_are_left_to_the_other_handlers()
    {
        var (handler, context) = Handler(new FakeLogger<StorageAccessDeniedExceptionHandler>());

        Assert.False(await handler.TryHandleAsync(context,
            new AmazonS3Exception("Slow Down") { ErrorCode = "SlowDown", StatusCode = HttpStatusCode.ServiceUnavailable }, CancellationToken.None));
        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException(), CancellationToken.None));
    }

    private static (StorageAccessDeniedExceptionHandler, HttpContext) Handler(FakeLogger<StorageAccessDeniedExceptionHandler> logs)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        context.Request.Method = "POST";
        context.Request.Path = "/images/x/complete";
        return (new StorageAccessDeniedExceptionHandler(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), logs), context);
    }
}
