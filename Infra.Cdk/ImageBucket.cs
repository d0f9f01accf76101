using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using CloudImageService.Storage;
using Constructs;

namespace CloudImageService.Infra;

/// <summary>
/// The private image bucket. Browsers upload and download through presigned URLs, so the bucket needs CORS for
/// those methods (<see cref="BrowserCorsRule.PresignedTransfers"/>, the rule the local initializer applies too) but
/// never public access.
/// </summary>
public static class ImageBucket
{
    public const string NoCorsWarningId = "CloudImageService:NoCorsOrigins";

    public static Bucket Create(Construct scope, string id, StackContext context)
    {
        var bucket = new Bucket(scope, id, new BucketProps
        {
            BucketName = context.BucketName,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            Cors = context.CorsOrigins.Count > 0 ? [BrowserCors(context.CorsOrigins)] : null,
            LifecycleRules = [.. BucketLifecycleRule.All.Select(ToCdkRule)],
            RemovalPolicy = context.RemovalPolicy,
            AutoDeleteObjects = context.RemovalPolicy == RemovalPolicy.DESTROY,
        });

        if (context.CorsOrigins.Count == 0)
        {
            Annotations.Of(bucket).AddWarningV2(NoCorsWarningId,
                $"The bucket has no CORS rule, so browsers cannot use its presigned URLs (the web gallery's uploads fail). "
                + $"Pass -c {StackContext.PublicOriginKey}=https://your.domain, or -c {StackContext.CorsOriginsKey}=http://localhost:8000 "
                + "for the AppHost's Aws mode.");
        }

        return bucket;
    }

    private static CorsRule BrowserCors(IReadOnlyList<string> origins)
    {
        var rule = BrowserCorsRule.PresignedTransfers;
        return new CorsRule
        {
            AllowedOrigins = [.. origins],
            AllowedMethods = [.. rule.AllowedMethods.Select(method => Enum.Parse<HttpMethods>(method))],
            AllowedHeaders = [.. rule.AllowedHeaders],
            ExposedHeaders = [.. rule.ExposedHeaders],
            MaxAge = rule.MaxAgeSeconds,
        };
    }

    private static LifecycleRule ToCdkRule(BucketLifecycleRule rule) => new()
    {
        Id = rule.Id,
        Prefix = rule.Prefix.Length > 0 ? rule.Prefix : null,
        Expiration = rule.ExpireAfterDays is { } days ? Duration.Days(days) : null,
        AbortIncompleteMultipartUploadAfter = rule.AbortIncompleteMultipartAfterDays is { } abortDays ? Duration.Days(abortDays) : null,
    };
}
