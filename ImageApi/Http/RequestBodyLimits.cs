using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CloudImageService.Http;

/// <summary>
/// How large a request body each route accepts. A route that names no limit gets <see cref="Default"/>, so a new route
/// is small until it says otherwise; <see cref="OversizedBodyGuard"/> answers 413 before the body is read.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>Routes without a body of their own (complete, delete, the GETs): room for a stray empty JSON object.</summary>
    public const long Default = 4 * 1024;

    public static long Of(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Default;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));
}
