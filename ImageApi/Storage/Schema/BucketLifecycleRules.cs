namespace CloudImageService.Storage.Schema;

/// <summary>
/// One rule of the bucket's lifecycle: objects under <paramref name="Prefix"/> (empty: all) expire after
/// <paramref name="ExpireAfterDays"/>, or multipart uploads left incomplete are aborted after
/// <paramref name="AbortIncompleteMultipartAfterDays"/>. The local initializer (ImageApi) and the CDK bucket
/// (Infra.Cdk, which links this file) both apply <see cref="All"/>. BCL only.
/// </summary>
public sealed record BucketLifecycleRule(string Id, string Prefix, int? ExpireAfterDays, int? AbortIncompleteMultipartAfterDays)
{
    /// <summary>Upload URLs write the staging prefix; ingest copies what it accepts elsewhere, so what is left there is abandoned.</summary>
    public static readonly BucketLifecycleRule ExpireStagedUploads =
        new("expire-staged-uploads", ImageStoreSchema.StagingKeyPrefix, ImageStoreSchema.StagingExpiryDays, null);

    public static readonly BucketLifecycleRule AbortIncompleteMultipartUploads = new("abort-incomplete-multipart-uploads", "", null, 1);

    public static readonly IReadOnlyList<BucketLifecycleRule> All = [ExpireStagedUploads, AbortIncompleteMultipartUploads];
}
