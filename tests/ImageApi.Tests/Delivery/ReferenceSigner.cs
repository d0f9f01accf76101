using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ImageApi.Tests.Delivery;

/// <summary>
/// AWS's own CloudFront signer: <c>getSignedUrl</c> of npm <c>@aws-sdk/cloudfront-signer</c>, pinned in
/// tests/CloudFrontReference and run through its sign.mjs, one process for a whole batch of URLs.
/// </summary>
internal static class ReferenceSigner
{
    private static readonly string ToolDirectory = RepositoryFiles.PathOf("tests", "CloudFrontReference");

    /// <summary>The reference's URL for each case, or null where it refused the case.</summary>
    public static async Task<IReadOnlyList<string?>> SignAsync(string privateKeyPem, string keyPairId, IReadOnlyList<(string Url, long Expires)> cases)
    {
        var input = new JsonObject
        {
            ["privateKey"] = privateKeyPem,
            ["keyPairId"] = keyPairId,
            ["cases"] = new JsonArray([.. cases.Select(c => new JsonObject { ["url"] = c.Url, ["expires"] = c.Expires })]),
        };
        var start = new ProcessStartInfo("node", "sign.mjs")
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, $"the reference signer failed ({node.ExitCode}): {await errors}");

        var signed = JsonNode.Parse(await output)!.AsArray();
        Assert.Equal(cases.Count, signed.Count);
        return [.. signed.Select(result => (string?)result!["url"])];
    }
}
