using Microsoft.AspNetCore.Http.Features;

namespace CloudImageService.Http;

/// <summary>
/// Makes a 413 reach the client. Kestrel refuses an oversized body by answering and closing with the client's bytes
/// still in flight, so a client that writes its whole body before reading (HttpClient, many SDKs) sees a connection
/// reset instead of the 413. Here the body is read and discarded up to <see cref="DrainCap"/> past the limit first;
/// beyond that cap a reset is the cheaper answer. A client that sent <c>Expect: 100-continue</c> is answered at once.
/// </summary>
public sealed class OversizedBodyGuard(RequestDelegate next)
{
    public const long DrainCap = 8 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HasBody(context.Request))
        {
            await next(context);
            return;
        }

        var max = RequestBodyLimits.Of(context.GetEndpoint());
        // Kestrel's own limit can be moved until the body is read; a test server has none, and nothing is drained there.
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } writable ? writable : null;
        var waitsForContinue = context.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase);
        if (context.Request.ContentLength is { } length && length > max)
        {
            if (sizeFeature is not null && !waitsForContinue && length <= max + DrainCap)
            {
                sizeFeature.MaxRequestBodySize = length;
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }
            throw TooLarge(max);
        }

        // A chunked body's length is known only while reading: count it, and drain the rest when it passes the limit.
        var drains = sizeFeature is not null && !waitsForContinue;
        if (sizeFeature is not null) sizeFeature.MaxRequestBodySize = drains ? max + DrainCap : max;
        if (drains || sizeFeature is null) context.Request.Body = new LimitedBodyStream(context.Request.Body, max, drains, context.RequestAborted);
        await next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);

    internal static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

    private sealed class LimitedBodyStream(Stream inner, long limit, bool drains, CancellationToken aborted) : Stream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = await inner.ReadAsync(buffer, cancellationToken);
            _read += count;
            if (_read <= limit) return count;

            // Past the limit: swallow what the client is still sending (Kestrel stops us at limit + DrainCap), then refuse.
            if (drains)
            {
                try { await inner.CopyToAsync(Null, aborted); }
                catch (BadHttpRequestException) { }
            }
            throw TooLarge(limit);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
