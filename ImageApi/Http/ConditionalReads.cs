using System.Buffers.Text;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace CloudImageService.Http;

/// <summary>
/// ETags for metadata reads: the tag is a hash of the JSON the client receives, so it changes exactly when the answer
/// does (a confirmation, a placeholder, an edit), and a client that has it gets 304 without a body. The answer is
/// serialized once: the bytes hashed are the bytes written.
/// </summary>
public static class ConditionalReads
{
    /// <summary>
    /// <paramref name="body"/> as JSON with its ETag set on the answer; <see cref="TaggedJson{T}.NotModified"/> when the
    /// request's If-None-Match already names it (answer 304 instead).
    /// </summary>
    public static TaggedJson<T> Tagged<T>(HttpContext context, T body, JsonSerializerOptions json)
    {
        var utf8Json = JsonSerializer.SerializeToUtf8Bytes(body, json);
        var tag = new EntityTagHeaderValue(TagOf(utf8Json));
        context.Response.GetTypedHeaders().ETag = tag;
        // Private: the body names a user's image; no-cache: revalidate each time (cheap, thanks to the tag).
        context.Response.Headers.CacheControl = "private, no-cache";
        var notModified = context.Request.GetTypedHeaders().IfNoneMatch
            .Any(known => known.Equals(EntityTagHeaderValue.Any) || known.Compare(tag, useStrongComparison: false));
        return new TaggedJson<T>(utf8Json, notModified);
    }

    private static string TagOf(byte[] content) => $"\"{Base64Url.EncodeToString(SHA256.HashData(content).AsSpan(0, 16))}\"";
}

/// <summary>200 with JSON already serialized; documented in OpenAPI as <typeparamref name="T"/>, as <c>Ok&lt;T&gt;</c> is.</summary>
public sealed class TaggedJson<T>(byte[] utf8Json, bool notModified) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    /// <summary>The client already has these bytes.</summary>
    public bool NotModified => notModified;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = utf8Json.Length;
        return httpContext.Response.Body.WriteAsync(utf8Json).AsTask();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IEndpointMetadataProvider's member is static by definition.")]
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
