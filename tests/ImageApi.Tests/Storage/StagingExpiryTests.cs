using Amazon.Runtime;
using Amazon.S3;
using CloudImageService.Storage;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.Options;

namespace ImageApi.Tests.Storage;

/// <summary>
/// Who expires staged uploads: the bucket's lifecycle rule wherever the bucket has one (AWS, LocalStack, a bucket
/// made by CDK), the sweeper only where the API created a bucket without rules (s3rver).
/// </summary>
public sealed class StagingExpiryTests
{
    [Theory]
    [InlineData(false, true, true)]   // a bucket made elsewhere (CDK): its rule expires them
    [InlineData(false, false, true)]  // same: the API does not manage the bucket's rules
    [InlineData(true, true, true)]    // created by the API with rules (LocalStack)
    [InlineData(true, false, false)]  // created by the API without rules (s3rver): the sweeper must
    public void Staged_objects_expire_by_bucket_rule_unless_the_API_made_the_bucket_without_rules(
        bool createResources, bool lifecycleRules, bool expiredByBucket)
    {
        using var s3 = new AmazonS3Client(new AnonymousAWSCredentials(), new AmazonS3Config { ServiceURL = "http://127.0.0.1:9" });
        var objects = new ImageObjects(s3, s3, Options.Create(new StorageOptions
        {
            BucketName = "images",
            TableName = "images",
            CreateResources = createResources,
            EnableLifecycleRules = lifecycleRules,
        }));

        Assert.Equal(expiredByBucket, objects.ExpiresStagedObjects);
    }
}
