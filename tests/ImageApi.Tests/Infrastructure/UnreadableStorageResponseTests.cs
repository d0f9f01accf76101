using Amazon.Util;
using CloudImageService.Http;
using CloudImageService.Storage.Aws;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace ImageApi.Tests.Infrastructure;

/// <summary>
/// A response the SDK itself cannot read (s3rver once sent an ETag that was not hex, which the SDK reads as the body's
/// MD5) is storage failing, answered 503 with Retry-After; the same exception types thrown by our code stay 500s.
/// </summary>
public sealed class UnreadableStorageResponseTests
{
    [Fact]
    public void An_exception_the_sdk_raises_reading_a_response_is_recognised()
    {
        Assert.True(UnreadableResponse.Is(Thrown(() => AWSSDKUtils.HexStringToBytes("\"not-hex-at-all\""))));
    }

    [Fact]
    public void The_same_exception_types_from_our_code_or_the_base_library_are_not()
    {
        Assert.False(UnreadableResponse.Is(Thrown(() => throw new ArgumentOutOfRangeException("count"))));
        Assert.False(UnreadableResponse.Is(Thrown(() => Convert.FromHexString("zz"))));
        Assert.False(UnreadableResponse.Is(new FormatException("never thrown")));
        Assert.False(UnreadableResponse.Is(Thrown(() => throw new InvalidOperationException())));
    }

    [Fact]
    public async Task The_handler_answers_it_503_with_retry_after()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new StorageUnavailableExceptionHandler(
            services.GetRequiredService<IProblemDetailsService>(), new FakeLogger<StorageUnavailableExceptionHandler>());

        Assert.True(await handler.TryHandleAsync(context, Thrown(() => AWSSDKUtils.HexStringToBytes("xyz")), CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.False(await handler.TryHandleAsync(context, Thrown(() => throw new ArgumentException("ours")), CancellationToken.None));
    }

    private static Exception Thrown(Action action) => Assert.ThrowsAny<Exception>(action);
}
