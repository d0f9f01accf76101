namespace CloudImageService.Storage.Schema;

/// <summary>
/// The one definition of the bucket, the table, its keys and its index. The runtime initializer (ImageApi) and the
/// CDK stack (Infra.Cdk, which links this file) both build their resources from it, so they cannot drift apart.
/// It deliberately depends on nothing but the BCL and the object layout (<see cref="Images.ObjectKeys"/>).
/// </summary>
public static class ImageStoreSchema
{
    public const string DefaultBucketName = "images-bucket";
    public const string DefaultTableName = "images";

    public const string ImageId = "image_id";
    public const string UserId = "user_id";
    public const string UploadTime = "upload_time";

    /// <summary>
    /// Present only on pending records, so the pending index holds nothing else. Its value spreads them over
    /// <see cref="PendingShardCount"/> partitions: one DynamoDB partition takes about 1,000 writes/s.
    /// </summary>
    public const string PendingPartition = "pending_partition";
    public const int PendingShardCount = 8;

    /// <summary>The single value that records written before sharding carry.</summary>
    public const string LegacyPendingPartitionValue = "pending";

    public static string PendingPartitionFor(string imageId) =>
        $"pending#{(uint)StableHash(imageId) % PendingShardCount}";

    /// <summary>Every value the sweeper queries: each shard, and the value of records written before sharding.</summary>
    public static IReadOnlyList<string> PendingPartitionValues { get; } =
        [.. Enumerable.Range(0, PendingShardCount).Select(shard => $"pending#{shard}"), LegacyPendingPartitionValue];

    /// <summary>
    /// Present only on trashed records (and while their purge runs), so the trash index holds nothing else; spread over
    /// <see cref="PendingShardCount"/> partitions as pending records are.
    /// </summary>
    public const string TrashPartition = "trash_partition";

    /// <summary>From when the sweeper may purge a trashed record (ISO 8601 UTC, fixed width: string order is time order).</summary>
    public const string PurgeAfter = "purge_after";

    public static string TrashPartitionFor(string imageId) =>
        $"trash#{(uint)StableHash(imageId) % PendingShardCount}";

    /// <summary>Every value of <see cref="TrashPartition"/>: the sweeper queries each.</summary>
    public static IReadOnlyList<string> TrashPartitionValues { get; } =
        [.. Enumerable.Range(0, PendingShardCount).Select(shard => $"trash#{shard}")];

    // string.GetHashCode differs per process; the shard must not.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked((hash * 31) + c);
        return hash;
    }
    public const string UploadExpiresAt = "upload_expires_at";

    /// <summary>
    /// Where an image sits on its owner's timeline: the instant it was taken (the camera's local time when the file
    /// records no offset), or its upload time when the file does not say. Sort key of <see cref="TimelineIndex"/>.
    /// </summary>
    public const string TakenTime = "taken_time";

    /// <summary>
    /// Share links live in the images table under keys with this prefix, which no image id (a GUID) can have. They carry
    /// <see cref="ShareItemStatus"/> as their status, so every listing (which keeps only its own statuses) leaves them
    /// out, and no user id, upload time, pending, hash or trash attribute, so no image index holds them.
    /// </summary>
    public const string ShareKeyPrefix = "share#";

    /// <summary>The status of a share item: never an image's.</summary>
    public const string ShareItemStatus = "share";

    /// <summary>The owner of a share item: the partition key of the sparse <see cref="ShareOwnerIndex"/>.</summary>
    public const string ShareOwner = "share_owner";

    /// <summary>When a link was created (ISO 8601 UTC, fixed width): the owner index's sort key.</summary>
    public const string ShareCreatedAt = "share_created_at";

    /// <summary>Lowercase hex SHA-256 of a verified image's bytes; the sort key of <see cref="HashIndex"/>.</summary>
    public const string Sha256 = "sha256";

    /// <summary>Epoch seconds after which DynamoDB TTL removes a record (set on rejected records only).</summary>
    public const string PurgeAt = "purge_at";

    /// <summary>Published originals (<see cref="Images.ObjectKeys"/> names every object).</summary>
    public const string ObjectKeyPrefix = Images.ObjectKeys.OriginalPrefix;

    /// <summary>What upload URLs write. The bucket expires objects here after <see cref="StagingExpiryDays"/>.</summary>
    public const string StagingKeyPrefix = Images.ObjectKeys.StagingPrefix;

    /// <summary>Derived variants, one object per size.</summary>
    public const string ThumbnailKeyPrefix = Images.ObjectKeys.ThumbnailPrefix;

    public const int StagingExpiryDays = 1;

    /// <summary>Every prefix the API reads or writes: the IAM policy grants exactly these.</summary>
    public static readonly IReadOnlyList<string> AllObjectKeyPrefixes = [ObjectKeyPrefix, StagingKeyPrefix, ThumbnailKeyPrefix];

    public static readonly TableDefinition Table = new(
        PartitionKey: new KeyAttribute(ImageId),
        GlobalSecondaryIndexes:
        [
            new IndexDefinition(
                Name: "user_id-upload_time-index",
                PartitionKey: new KeyAttribute(UserId),
                SortKey: new KeyAttribute(UploadTime)),
            new IndexDefinition(
                Name: "pending-upload_expires_at-index",
                PartitionKey: new KeyAttribute(PendingPartition),
                SortKey: new KeyAttribute(UploadExpiresAt)),
            new IndexDefinition(
                Name: "user_id-sha256-index",
                PartitionKey: new KeyAttribute(UserId),
                SortKey: new KeyAttribute(Sha256)),
            new IndexDefinition(
                Name: "trash-purge_after-index",
                PartitionKey: new KeyAttribute(TrashPartition),
                SortKey: new KeyAttribute(PurgeAfter)),
            new IndexDefinition(
                Name: "user_id-taken_time-index",
                PartitionKey: new KeyAttribute(UserId),
                SortKey: new KeyAttribute(TakenTime)),
            new IndexDefinition(
                Name: "share_owner-share_created_at-index",
                PartitionKey: new KeyAttribute(ShareOwner),
                SortKey: new KeyAttribute(ShareCreatedAt)),
        ],
        TimeToLiveAttribute: PurgeAt);

    /// <summary>Listing by user: a Query, newest first.</summary>
    public static IndexDefinition UserIndex => Table.GlobalSecondaryIndexes[0];

    /// <summary>Sparse index of pending uploads by expiry: the sweeper finds abandoned uploads without a Scan.</summary>
    public static IndexDefinition PendingIndex => Table.GlobalSecondaryIndexes[1];

    /// <summary>A user's images by content hash: "you already have this photo" without a Scan. Only verified images carry the hash.</summary>
    public static IndexDefinition HashIndex => Table.GlobalSecondaryIndexes[2];

    /// <summary>Sparse index of trashed records by purge time: the sweeper finds purges that are due without a Scan.</summary>
    public static IndexDefinition TrashIndex => Table.GlobalSecondaryIndexes[3];

    /// <summary>A user's images by when they were taken, newest first: the timeline (records written before it are back-filled).</summary>
    public static IndexDefinition TimelineIndex => Table.GlobalSecondaryIndexes[4];

    /// <summary>Sparse index of share links by owner, newest first: only share items carry <see cref="ShareOwner"/>.</summary>
    public static IndexDefinition ShareOwnerIndex => Table.GlobalSecondaryIndexes.Single(index => index.PartitionKey.Name == ShareOwner);

    /// <summary>The attributes of a LastEvaluatedKey: the table key, plus the index keys when listing by user.</summary>
    public static IReadOnlySet<string> PageKeyAttributes(bool byUser, bool byTakenTime = false) => (byUser, byTakenTime) switch
    {
        (false, _) => new HashSet<string> { ImageId },
        (true, false) => new HashSet<string> { ImageId, UserId, UploadTime },
        (true, true) => new HashSet<string> { ImageId, UserId, TakenTime },
    };
}

/// <summary>Every item attribute that is not part of a key (the keys are in <see cref="ImageStoreSchema"/>).</summary>
public static class ImageAttributes
{
    public const string ContentType = "content_type";
    public const string Tags = "tags";
    public const string Description = "description";
    public const string Status = "status";
    public const string ObjectKey = "object_key";
    public const string SizeBytes = "size_bytes";
    /// <summary>What an available image counts in its owner's usage: the original and its thumbnails (see <see cref="UsageAttributes"/>).</summary>
    public const string StoredBytes = "stored_bytes";
    public const string ETag = "etag";
    public const string RejectionReason = "rejection_reason";
    public const string StagingKey = "staging_key";
    public const string Width = "width";
    public const string Height = "height";
    public const string Format = "format";
    public const string Sha256 = ImageStoreSchema.Sha256;
    public const string ThumbnailSizes = "thumbnail_sizes";
    /// <summary>Until when one confirmation (a request's or the sweeper's, on any instance) holds a pending record.</summary>
    public const string ConfirmLease = "confirm_lease_until";
    /// <summary>Decodes started for a pending record; one that reaches the limit without a verdict is rejected.</summary>
    public const string DecodeAttempts = "decode_attempts";
    public const string MultipartUploadId = "multipart_upload_id";
    public const string Placeholder = "placeholder";
    public const string VariantRecipe = "variant_recipe";
    public const string PartSize = "part_size";
    public const string DeclaredSha256 = "declared_sha256";

    // What the file says about its capture (all optional; records before ingest read metadata have none).
    /// <summary>The camera's wall-clock time, yyyy-MM-ddTHH:mm:ss with its fraction, of no zone.</summary>
    public const string CaptureLocalTime = "capture_local_time";
    /// <summary>Minutes east of UTC of <see cref="CaptureLocalTime"/>; absent when the file records no offset.</summary>
    public const string CaptureOffsetMinutes = "capture_offset_minutes";
    public const string CameraMake = "camera_make";
    public const string CameraModel = "camera_model";
    public const string Lens = "lens";
    public const string Orientation = "orientation";
    /// <summary>Decimal degrees; written only with Ingest:KeepLocation on.</summary>
    public const string LocationLatitude = "location_latitude";
    public const string LocationLongitude = "location_longitude";
    /// <summary>When a trashed record went to the trash.</summary>
    public const string TrashedAt = "trashed_at";

    // Share items (keys under ImageStoreSchema.ShareKeyPrefix).
    public const string ShareImageIds = "share_image_ids";
    public const string ShareTitle = "share_title";
    public const string ShareExpiresAt = "share_expires_at";
    public const string ShareAllowOriginal = "share_allow_original";
    public const string ShareRevokedAt = "share_revoked_at";
}

/// <summary>
/// Each user's usage item lives in the images table, under the partition key <c>usage#{user_id}</c>: never an image id
/// (those are UUIDs, checked before any read), and with none of the indexes' key attributes, so no index holds it. Its
/// <see cref="ImageAttributes.Status"/> is <see cref="StatusValue"/>, so listings (which show only available and pending
/// records) and every conditional write of an image (which names the statuses it needs) pass it by.
/// </summary>
public static class UsageAttributes
{
    public const string KeyPrefix = "usage#";
    public const string StatusValue = "usage";

    public static string KeyOf(string userId) => KeyPrefix + userId;

    /// <summary>The user, as a plain attribute: <see cref="ImageStoreSchema.UserId"/> would put the item in the user index.</summary>
    public const string Owner = "usage_user";
    public const string Bytes = "usage_bytes";
    public const string Images = "usage_images";
    /// <summary>The admin's override of the default limits; absent: the default applies.</summary>
    public const string LimitBytes = "limit_bytes";
    public const string LimitImages = "limit_images";
    /// <summary>A map of image id → entry (<c>c:{bytes}:{unix seconds}</c> charged, <c>r:…</c> released) of changes in flight.</summary>
    public const string Ledger = "ledger";
    /// <summary>Grows with every change of the counters; the repair writes only over the version it read.</summary>
    public const string Version = "usage_version";
}

/// <summary>A key attribute; every key of the table and its indexes is a string (DynamoDB type S).</summary>
public sealed record KeyAttribute(string Name);

/// <summary>Every index projects all attributes: listing returns whole records without a second read.</summary>
public sealed record IndexDefinition(string Name, KeyAttribute PartitionKey, KeyAttribute? SortKey);

public sealed record TableDefinition(
    KeyAttribute PartitionKey,
    IReadOnlyList<IndexDefinition> GlobalSecondaryIndexes,
    string? TimeToLiveAttribute)
{
    /// <summary>Every attribute that appears in a key of the table or of an index, each once.</summary>
    public IReadOnlyList<KeyAttribute> KeyAttributes =>
        [.. new[] { PartitionKey }
            .Concat(GlobalSecondaryIndexes.SelectMany(index => new[] { index.PartitionKey, index.SortKey }))
            .OfType<KeyAttribute>()
            .DistinctBy(attribute => attribute.Name)];
}
