using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace CloudImageService.Infra;

/// <summary>
/// The private image bucket. Browsers upload and download through presigned URLs, so the bucket needs CORS for
/// those methods but never public access.
/// </summary>
public static class ImageBucket
{
    public static readonly HttpMethods[] BrowserMethods = [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD];

    public static Bucket Create(Construct scope, string id, StackContext context) => new(scope, id, new BucketProps
    {
        BucketName = context.BucketName,
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        Encryption = BucketEncryption.S3_MANAGED,
        EnforceSSL = true,
        Cors =
        [
            new CorsRule
            {
                AllowedOrigins = [.. context.CorsOrigins],
                AllowedMethods = BrowserMethods,
                AllowedHeaders = ["*"],
                ExposedHeaders = ["ETag"],
                MaxAge = 3000,
            },
        ],
        LifecycleRules =
        [
            new LifecycleRule
            {
                Id = "abort-incomplete-multipart-uploads",
                AbortIncompleteMultipartUploadAfter = Duration.Days(1),
            },
        ],
        RemovalPolicy = context.RemovalPolicy,
        AutoDeleteObjects = context.RemovalPolicy == RemovalPolicy.DESTROY,
    });
}
