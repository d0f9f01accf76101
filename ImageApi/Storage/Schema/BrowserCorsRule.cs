namespace CloudImageService.Storage.Schema;

/// <summary>
/// The bucket's CORS rule for browsers that PUT and GET objects through presigned URLs, minus the origins (which are
/// configuration). The local initializer (ImageApi) and the CDK bucket (Infra.Cdk, which links this file) both apply
/// it. BCL only.
/// </summary>
public sealed record BrowserCorsRule(
    IReadOnlyList<string> AllowedMethods,
    IReadOnlyList<string> AllowedHeaders,
    IReadOnlyList<string> ExposedHeaders,
    int MaxAgeSeconds)
{
    /// <summary>Uploads send Content-Type (signed), downloads read ETag; browsers cache the preflight for 50 minutes.</summary>
    public static readonly BrowserCorsRule PresignedTransfers = new(
        AllowedMethods: ["PUT", "GET", "HEAD"],
        AllowedHeaders: ["*"],
        ExposedHeaders: ["ETag"],
        MaxAgeSeconds: 3000);
}
