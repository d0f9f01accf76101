using System.ComponentModel.DataAnnotations;
using CloudImageService.Storage.Schema;

namespace CloudImageService.Storage;

/// <summary>Where images and their metadata live. Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required, MinLength(3), MaxLength(63)]
    public string BucketName { get; set; } = ImageStoreSchema.DefaultBucketName;

    [Required, MinLength(3), MaxLength(255)]
    public string TableName { get; set; } = ImageStoreSchema.DefaultTableName;

    /// <summary>Create the bucket and table at start-up (local emulators). False against real AWS, where CDK owns them.</summary>
    public bool CreateResources { get; set; }

    /// <summary>Turn on DynamoDB TTL when creating the table. Off for dynalite, which has no TTL API.</summary>
    public bool EnableTimeToLive { get; set; } = true;

    /// <summary>
    /// Put the bucket's lifecycle rules when creating it. Off for s3rver, which has no lifecycle API: the sweeper then
    /// expires staged uploads itself.
    /// </summary>
    public bool EnableLifecycleRules { get; set; } = true;

    /// <summary>Origins allowed to PUT/GET objects from a browser (bucket CORS rules).</summary>
    public string[] CorsOrigins { get; set; } = ["http://localhost:8000"];

    /// <summary>Path-style addressing, needed by S3 emulators. Real AWS works either way.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// The S3 endpoint put into presigned URLs when clients reach S3 by another address than the API does
    /// (e.g. the API inside a container network). Null: the API's own S3 endpoint.
    /// </summary>
    public Uri? PublicS3Endpoint { get; set; }

    /// <summary>Timeout of one attempt of one AWS call; the SDK retries twice within the request's overall budget.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Timeout of one attempt of a server-side copy or a multipart completion, in which S3 works through the whole
    /// object (up to <c>Images:MaxMultipartUploadBytes</c>) before it answers: seconds, not the milliseconds of a lookup.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CopyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Overall time a request may wait on storage before it answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestBudget { get; set; } = TimeSpan.FromSeconds(RequestBudgets.RequestSeconds);

    /// <summary>
    /// The same for requests that may publish an upload: reading, decoding and thumbnailing up to 20 MB. On AWS the load
    /// balancer waits for the default budgets and a margin, not for this setting: raise <see cref="RequestBudgets"/>, not
    /// only this, or a longer confirmation is answered 504 by the load balancer while it goes on.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConfirmBudget { get; set; } = TimeSpan.FromSeconds(RequestBudgets.ConfirmSeconds);
}
