using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using CloudImageService.Storage.Schema;
using Constructs;

namespace CloudImageService.Infra;

/// <param name="CorsOrigins">Origins whose browsers may use presigned URLs; none means no CORS rule (and a warning).</param>
/// <param name="BucketName">Null: CloudFormation names the bucket.</param>
public sealed record ImageBucketProps(IReadOnlyList<string> CorsOrigins, RemovalPolicy RemovalPolicy, string? BucketName = null);

/// <summary>
/// The private image bucket. Browsers upload and download through presigned URLs, so the bucket needs CORS for
/// those methods (<see cref="BrowserCorsRule.PresignedTransfers"/>, the rule the local initializer applies too) but
/// never public access. It is versioned, so an overwrite or a delete (by a bug, or by stolen API credentials, which
/// cannot delete versions) leaves the previous bytes recoverable for <see cref="NoncurrentVersionDays"/>.
/// </summary>
public sealed class ImageBucket : Construct
{
    public const string NoCorsWarningId = "CloudImageService:NoCorsOrigins";

    /// <summary>How long an overwritten or deleted original stays recoverable.</summary>
    public const int NoncurrentVersionDays = 30;

    /// <summary>The same for what can be made again: abandoned uploads and thumbnails.</summary>
    public const int NoncurrentDerivedVersionDays = 1;

    /// <summary>
    /// Rules that exist only because the bucket is versioned (local buckets are not, so they are not among the shared
    /// <see cref="BucketLifecycleRule.All"/>): they remove old versions and leftover delete markers, never current objects.
    /// </summary>
    public static readonly LifecycleRule[] VersionRules =
    [
        new()
        {
            Id = "expire-noncurrent-versions",
            NoncurrentVersionExpiration = Duration.Days(NoncurrentVersionDays),
            ExpiredObjectDeleteMarker = true,
        },
        .. new[] { ImageStoreSchema.StagingKeyPrefix, ImageStoreSchema.ThumbnailKeyPrefix }.Select(prefix => new LifecycleRule
        {
            Id = $"expire-noncurrent-{prefix.TrimEnd('/')}",
            Prefix = prefix,
            NoncurrentVersionExpiration = Duration.Days(NoncurrentDerivedVersionDays),
        }),
    ];

    public ImageBucket(Construct scope, string id, ImageBucketProps props) : base(scope, id)
    {
        Bucket = new Bucket(this, StableIds.MainResource, new BucketProps
        {
            BucketName = props.BucketName,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            Versioned = true,
            Cors = props.CorsOrigins.Count > 0 ? [BrowserCors(props.CorsOrigins)] : null,
            LifecycleRules = [.. BucketLifecycleRule.All.Select(ToCdkRule), .. VersionRules],
            RemovalPolicy = props.RemovalPolicy,
            AutoDeleteObjects = props.RemovalPolicy == RemovalPolicy.DESTROY,
        });

        if (props.CorsOrigins.Count == 0)
        {
            Annotations.Of(this).AddWarningV2(NoCorsWarningId,
                $"The bucket has no CORS rule, so browsers cannot use its presigned URLs (the web gallery's uploads fail). "
                + $"Pass -c {StackContext.PublicOriginKey}=https://your.domain, or -c {StackContext.CorsOriginsKey}=http://localhost:8000 "
                + "for the AppHost's Aws mode.");
        }
    }

    public Bucket Bucket { get; }

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
