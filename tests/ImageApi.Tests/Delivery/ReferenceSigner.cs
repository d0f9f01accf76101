using System.Text.Json.Nodes;
using TestSupport;

namespace ImageApi.Tests.Delivery;

/// <summary>
/// AWS's own CloudFront signer: <c>getSignedUrl</c> of npm <c>@aws-sdk/cloudfront-signer</c>, pinned in
/// tests/CloudFrontReference and run through its sign.mjs, one process for a whole batch of URLs.
/// </summary>
internal static class ReferenceSigner
{
    /// <summary>The reference's URL for each case, or null where it refused the case.</summary>
    public static async Task<IReadOnlyList<string?>> SignAsync(string privateKeyPem, string keyPairId, IReadOnlyList<(string Url, long Expires)> cases)
    {
        var input = new JsonObject
        {
            ["privateKey"] = privateKeyPem,
            ["keyPairId"] = keyPairId,
            ["cases"] = new JsonArray([.. cases.Select(c => new JsonObject { ["url"] = c.Url, ["expires"] = c.Expires })]),
        };
        var signed = await NodeScript.RunJsonAsync("CloudFrontReference", "sign.mjs", input, cases.Count);
        return [.. signed.Select(result => (string?)result!["url"])];
    }
}
