using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace CloudImageService.Images;

/// <summary>
/// ETags for metadata reads: the tag is a hash of the JSON the client would receive, so it changes exactly when the
/// answer does (a confirmation, a placeholder, an edit), and a client that has it gets 304 without a body.
/// </summary>
public static class ConditionalReads
{
    /// <summary>Sets the answer's ETag; true when the request's If-None-Match already names it (answer 304).</summary>
    public static bool IsNotModified<T>(HttpContext context, T body, JsonSerializerOptions json)
    {
        var tag = new EntityTagHeaderValue(TagOf(JsonSerializer.SerializeToUtf8Bytes(body, json)));
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = tag;
        // Private: the body names a user's image; no-cache: revalidate each time (cheap, thanks to the tag).
        context.Response.Headers.CacheControl = "private, no-cache";
        return context.Request.GetTypedHeaders().IfNoneMatch
            .Any(known => known.Equals(EntityTagHeaderValue.Any) || known.Compare(tag, useStrongComparison: false));
    }

    private static string TagOf(byte[] content) => $"\"{Base64Url.EncodeToString(SHA256.HashData(content).AsSpan(0, 16))}\"";
}
