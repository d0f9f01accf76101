using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Images;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.Schema;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage.DynamoDb;

/// <summary>Image metadata in DynamoDB. Listing by user is a Query on the user index; never a filtered Scan.</summary>
public sealed class ImageRepository(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options) : IImageStore, IImageCatalog, IImageVariants, ITimeline
{
    private readonly string _table = options.Value.TableName;

    public IReadOnlyList<string> PendingShards => ImageStoreSchema.PendingPartitionValues;

    /// <summary>A LastEvaluatedKey of this listing: its key shape, and when listing by user, that user's key.</summary>
    public static bool IsListingPosition(ImageListFilter filter, IReadOnlyDictionary<string, string> lastKey) =>
        ImageStoreSchema.PageKeyAttributes(byUser: filter.UserId is not null, byTakenTime: filter.Order == ImageOrder.Taken).SetEquals(lastKey.Keys)
        && (filter.UserId is null || lastKey[ImageStoreSchema.UserId] == filter.UserId);

    bool IImageCatalog.IsListingPosition(ImageListFilter filter, IReadOnlyDictionary<string, string> lastKey) =>
        IsListingPosition(filter, lastKey);

    public async Task CreateAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("PutItem", _table);
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = _table,
            Item = ImageItemMapper.ToItem(record),
            ConditionExpression = "attribute_not_exists(#id)",
            ExpressionAttributeNames = new() { ["#id"] = ImageStoreSchema.ImageId },
        }, cancellationToken);
    }

    public async Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("GetItem", _table);
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = KeyOf(imageId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ImageItemMapper.FromItem(item) : null;
    }

    public async Task<IReadOnlyDictionary<string, ImageRecord>> FindManyAsync(
        IReadOnlyCollection<string> imageIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        foreach (var chunk in imageIds.Distinct(StringComparer.Ordinal).Chunk(BatchGetKeys))
        {
            var keys = new KeysAndAttributes { Keys = [.. chunk.Select(KeyOf)], ConsistentRead = true };
            // DynamoDB may leave keys unprocessed under load; they are asked for again, after a growing pause.
            for (var attempt = 0; keys is { Keys.Count: > 0 }; attempt++)
            {
                if (attempt == BatchGetAttempts) throw new TimeoutException($"DynamoDB left {keys.Keys.Count} keys unread {BatchGetAttempts} times.");
                if (attempt > 0) await Task.Delay(TimeSpan.FromMilliseconds(50 << attempt), cancellationToken);
                using var activity = StorageTelemetry.StartDynamoDb("BatchGetItem", _table);
                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = new() { [_table] = keys } }, cancellationToken);
                foreach (var record in (response.Responses?.GetValueOrDefault(_table) ?? []).Select(ImageItemMapper.FromItem))
                {
                    found[record.ImageId] = record;
                }
                keys = response.UnprocessedKeys?.GetValueOrDefault(_table);
            }
        }
        return found;
    }

    /// <summary>DynamoDB's limit of keys per BatchGetItem.</summary>
    private const int BatchGetKeys = 100;
    private const int BatchGetAttempts = 5;

    /// <summary>pending → available, with what ingest verified and derived. Null when the record is no longer pending.</summary>
    public Task<ImageRecord?> MarkAvailableAsync(string imageId, PublishedImage published, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":available"] = new() { S = ImageStatus.Available },
            [":pending"] = new() { S = ImageStatus.Pending },
            [":size"] = ImageItemMapper.Number(published.SizeBytes),
            [":stored"] = ImageItemMapper.Number(published.StoredBytes),
            [":etag"] = new() { S = published.ETag ?? "" },
            [":width"] = ImageItemMapper.Number(published.Width),
            [":height"] = ImageItemMapper.Number(published.Height),
            [":format"] = new() { S = published.Format },
            [":sha256"] = new() { S = published.Sha256 },
            [":thumbnails"] = ImageItemMapper.Numbers(published.ThumbnailSizes),
        };
        if (published.Placeholder is not null) values[":placeholder"] = new() { S = published.Placeholder };
        if (published.VariantRecipe is not null) values[":recipe"] = new() { S = published.VariantRecipe };
        var capture = "";
        foreach (var (name, value) in ImageItemMapper.CaptureAttributes(published.Capture))
        {
            values[":" + name] = value;
            capture += $", #{name} = :{name}";
        }
        return UpdateAsync(imageId, "MarkAvailable",
            "SET #status = :available, #size = :size, #stored = :stored, #etag = :etag, #width = :width, #height = :height, #format = :format, " +
            "#sha256 = :sha256, #thumbnails = :thumbnails" + (published.Placeholder is null ? "" : ", #placeholder = :placeholder") +
            (published.VariantRecipe is null ? "" : ", #recipe = :recipe") + capture + " REMOVE #pending, #expires, #lease, #multipart",
            "#status = :pending",
            values,
            cancellationToken);
    }

    /// <summary>
    /// An available image's thumbnails, recipe and placeholder, replaced only while it is available and still names
    /// <paramref name="oldRecipe"/> (absent for images made before recipes). Null when it changed meanwhile.
    /// </summary>
    public Task<ImageRecord?> ReplaceVariantsAsync(
        string imageId, string? oldRecipe, IReadOnlyList<int> sizes, string recipe, string placeholder, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":available"] = new() { S = ImageStatus.Available },
            [":thumbnails"] = ImageItemMapper.Numbers(sizes),
            [":recipe"] = new() { S = recipe },
            [":placeholder"] = new() { S = placeholder },
        };
        if (oldRecipe is not null) values[":old"] = new() { S = oldRecipe };
        return UpdateAsync(imageId, "ReplaceVariants",
            "SET #thumbnails = :thumbnails, #recipe = :recipe, #placeholder = :placeholder",
            "#status = :available AND " + (oldRecipe is null ? "attribute_not_exists(#recipe)" : "#recipe = :old"),
            values,
            cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<bool> PlaceAsync(string imageId, CaptureMetadata? capture, DateTime timelineTime, CancellationToken cancellationToken)
    {
        var attributes = ImageItemMapper.CaptureAttributes(capture);
        attributes[ImageStoreSchema.TakenTime] = new() { S = ImageItemMapper.FormatTime(timelineTime) };
        var values = attributes.ToDictionary(pair => ":" + pair.Key, pair => pair.Value);
        var set = attributes.Keys.Select(name => $"#{name} = :{name}");
        return await UpdateAsync(imageId, "PlaceOnTimeline",
            "SET " + string.Join(", ", set),
            $"attribute_exists(#id) AND attribute_not_exists(#{ImageStoreSchema.TakenTime})",
            values,
            cancellationToken) is not null;
    }

    /// <summary>
    /// Lets one confirmation, of however many requests, sweepers and instances try at once, work on a pending record:
    /// the record as leased until <paramref name="until"/>, or null when it is not pending or another holds it.
    /// </summary>
    public Task<ImageRecord?> TryLeaseAsync(string imageId, DateTime now, DateTime until, CancellationToken cancellationToken) =>
        UpdateAsync(imageId, "Lease",
            "SET #lease = :until",
            "#status = :pending AND (attribute_not_exists(#lease) OR #lease < :now)",
            new()
            {
                [":pending"] = new() { S = ImageStatus.Pending },
                [":until"] = new() { S = ImageItemMapper.FormatTime(until) },
                [":now"] = new() { S = ImageItemMapper.FormatTime(now) },
            },
            cancellationToken);

    /// <summary>Gives a lease back early (nothing was uploaded yet), so the next confirmation need not wait for it to expire.</summary>
    public async Task ReleaseLeaseAsync(string imageId, CancellationToken cancellationToken) =>
        await UpdateAsync(imageId, "ReleaseLease", "REMOVE #lease", "#status = :pending",
            new() { [":pending"] = new() { S = ImageStatus.Pending } }, cancellationToken);

    /// <summary>Counts a decode before it starts, so that one which takes the process down is counted too.</summary>
    public async Task RecordDecodeAttemptAsync(string imageId, CancellationToken cancellationToken) =>
        await UpdateAsync(imageId, "RecordDecodeAttempt",
            "SET #attempts = if_not_exists(#attempts, :zero) + :one",
            "#status = :pending",
            new()
            {
                [":pending"] = new() { S = ImageStatus.Pending },
                [":zero"] = ImageItemMapper.Number(0),
                [":one"] = ImageItemMapper.Number(1),
            },
            cancellationToken);

    /// <summary>Takes back a counted decode when the run failed without the process dying (e.g. storage went away).</summary>
    public async Task ForgetDecodeAttemptAsync(string imageId, CancellationToken cancellationToken) =>
        await UpdateAsync(imageId, "ForgetDecodeAttempt",
            "SET #attempts = #attempts - :one",
            "#status = :pending AND #attempts > :zero",
            new()
            {
                [":pending"] = new() { S = ImageStatus.Pending },
                [":zero"] = ImageItemMapper.Number(0),
                [":one"] = ImageItemMapper.Number(1),
            },
            cancellationToken);

    /// <summary>pending → rejected, kept until <paramref name="purgeAt"/> (DynamoDB TTL). Null when no longer pending.</summary>
    public Task<ImageRecord?> MarkRejectedAsync(string imageId, string reason, DateTime purgeAt, CancellationToken cancellationToken) =>
        UpdateAsync(imageId, "MarkRejected",
            "SET #status = :rejected, #reason = :reason, #purge = :purge REMOVE #pending, #expires, #lease, #multipart",
            "#status = :pending",
            new()
            {
                [":rejected"] = new() { S = ImageStatus.Rejected },
                [":pending"] = new() { S = ImageStatus.Pending },
                [":reason"] = new() { S = reason },
                [":purge"] = ImageItemMapper.Number(new DateTimeOffset(purgeAt).ToUnixTimeSeconds()),
            },
            cancellationToken);

    /// <summary>
    /// First step of a delete: hides the record from reads and listings but keeps it, so that a delete interrupted
    /// before the object is gone can be retried (a trashed record keeps its place in the trash index, so the sweeper
    /// finishes an interrupted purge). Null when there is no such record in a state of <paramref name="scope"/>.
    /// </summary>
    public Task<ImageRecord?> MarkDeletingAsync(
        string imageId, string? ownerId, DeletionScope scope, DateTime? purgeDueBy, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":deleting"] = new() { S = ImageStatus.Deleting },
            [":trashed"] = new() { S = ImageStatus.Trashed },
        };
        if (ownerId is not null) values[":owner"] = new() { S = ownerId };
        var condition = scope switch
        {
            DeletionScope.AnyButTrashed => "attribute_exists(#id) AND (attribute_not_exists(#status) OR #status <> :trashed)",
            DeletionScope.Unverified => "attribute_exists(#id) AND (attribute_not_exists(#status) OR NOT (#status IN (:trashed, :available)))",
            _ => "(#status = :trashed OR (#status = :deleting AND attribute_exists(#keepuntil)))",
        };
        if (scope == DeletionScope.Unverified) values[":available"] = new() { S = ImageStatus.Available };
        if (scope == DeletionScope.Trashed && purgeDueBy is { } due)
        {
            condition += " AND #keepuntil <= :due";
            values[":due"] = new() { S = ImageItemMapper.FormatTime(due) };
        }
        if (ownerId is not null) condition += " AND #user = :owner";
        return UpdateAsync(imageId, "MarkDeleting", "SET #status = :deleting REMOVE #pending, #expires", condition, values, cancellationToken);
    }

    public IReadOnlyList<string> TrashShards => ImageStoreSchema.TrashPartitionValues;

    /// <summary>available → trashed: hidden from every read but the trash listing, its bytes kept, in the trash index until purged.</summary>
    public Task<ImageRecord?> MarkTrashedAsync(string imageId, string? ownerId, DateTime trashedAt, DateTime purgeAfter, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":available"] = new() { S = ImageStatus.Available },
            [":trashed"] = new() { S = ImageStatus.Trashed },
            [":at"] = new() { S = ImageItemMapper.FormatTime(trashedAt) },
            [":after"] = new() { S = ImageItemMapper.FormatTime(purgeAfter) },
            [":part"] = new() { S = ImageStoreSchema.TrashPartitionFor(imageId) },
        };
        if (ownerId is not null) values[":owner"] = new() { S = ownerId };
        return UpdateAsync(imageId, "MarkTrashed",
            "SET #status = :trashed, #trashedat = :at, #keepuntil = :after, #trashpart = :part",
            "#status = :available" + (ownerId is null ? "" : " AND #user = :owner"),
            values,
            cancellationToken);
    }

    /// <summary>trashed → available, every other attribute as it was. Null when not in the trash (a purge claimed it first).</summary>
    public Task<ImageRecord?> RestoreAsync(string imageId, string? ownerId, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":available"] = new() { S = ImageStatus.Available },
            [":trashed"] = new() { S = ImageStatus.Trashed },
        };
        if (ownerId is not null) values[":owner"] = new() { S = ownerId };
        return UpdateAsync(imageId, "Restore",
            "SET #status = :available REMOVE #trashedat, #keepuntil, #trashpart",
            "#status = :trashed" + (ownerId is null ? "" : " AND #user = :owner"),
            values,
            cancellationToken);
    }

    /// <summary>Trashed (or half-purged) records of one shard whose purge is due by <paramref name="dueBy"/>; a Query of the sparse trash index.</summary>
    public async Task<IReadOnlyList<ImageRecord>> FindPurgeDueAsync(string shard, DateTime dueBy, int limit, CancellationToken cancellationToken)
    {
        var index = ImageStoreSchema.TrashIndex;
        using var activity = StorageTelemetry.StartDynamoDb("Query", _table, index.Name);
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = _table,
            IndexName = index.Name,
            KeyConditionExpression = "#trashpart = :shard AND #keepuntil <= :due",
            ExpressionAttributeNames = UsedNames("#trashpart #keepuntil"),
            ExpressionAttributeValues = new()
            {
                [":shard"] = new() { S = shard },
                [":due"] = new() { S = ImageItemMapper.FormatTime(dueBy) },
            },
            Limit = limit,
        }, cancellationToken);
        return [.. (response.Items ?? []).Select(ImageItemMapper.FromItem)];
    }

    /// <summary>Last step of a delete, once the object is gone. False when another request finished it first.</summary>
    public Task<bool> RemoveDeletingAsync(string imageId, CancellationToken cancellationToken) =>
        RemoveIfStatusAsync(imageId, ImageStatus.Deleting, cancellationToken);

    /// <summary>Removes an abandoned pending record. False when it changed state meanwhile.</summary>
    public Task<bool> RemovePendingAsync(string imageId, CancellationToken cancellationToken) =>
        RemoveIfStatusAsync(imageId, ImageStatus.Pending, cancellationToken);

    /// <summary>The newest available image of <paramref name="userId"/> whose bytes hash to <paramref name="sha256"/>; a Query of the hash index.</summary>
    public async Task<ImageRecord?> FindAvailableByHashAsync(string userId, string sha256, CancellationToken cancellationToken)
    {
        var index = ImageStoreSchema.HashIndex;
        using var activity = StorageTelemetry.StartDynamoDb("Query", _table, index.Name);
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = _table,
            IndexName = index.Name,
            KeyConditionExpression = "#user = :user AND #sha256 = :sha256",
            FilterExpression = "#status = :available",
            ExpressionAttributeNames = UsedNames("#user #sha256 #status"),
            ExpressionAttributeValues = new()
            {
                [":user"] = new() { S = userId },
                [":sha256"] = new() { S = sha256 },
                [":available"] = new() { S = ImageStatus.Available },
            },
        }, cancellationToken);
        return (response.Items ?? []).Select(ImageItemMapper.FromItem).MaxBy(record => record.UploadTime);
    }

    /// <summary>Pending records of one shard whose upload window closed before <paramref name="closedBefore"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ImageRecord>> FindAbandonedUploadsAsync(
        string shard, DateTime closedBefore, int limit, CancellationToken cancellationToken)
    {
        var index = ImageStoreSchema.PendingIndex;
        using var activity = StorageTelemetry.StartDynamoDb("Query", _table, index.Name);
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = _table,
            IndexName = index.Name,
            KeyConditionExpression = "#pending = :pending AND #expires < :before",
            ExpressionAttributeNames = new() { ["#pending"] = ImageStoreSchema.PendingPartition, ["#expires"] = ImageStoreSchema.UploadExpiresAt },
            ExpressionAttributeValues = new()
            {
                [":pending"] = new() { S = shard },
                [":before"] = new() { S = ImageItemMapper.FormatTime(closedBefore) },
            },
            Limit = limit,
        }, cancellationToken);
        return [.. (response.Items ?? []).Select(ImageItemMapper.FromItem)];
    }

    private async Task<ImageRecord?> UpdateAsync(
        string imageId, string operation, string update, string condition,
        Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb($"UpdateItem.{operation}", _table);
        try
        {
            var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = KeyOf(imageId),
                UpdateExpression = update,
                ConditionExpression = condition,
                ExpressionAttributeNames = UsedNames(update + " " + condition),
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return ImageItemMapper.FromItem(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    private async Task<bool> RemoveIfStatusAsync(string imageId, string status, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("DeleteItem", _table);
        try
        {
            await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _table,
                Key = KeyOf(imageId),
                ConditionExpression = "#status = :status",
                ExpressionAttributeNames = new() { ["#status"] = ImageAttributes.Status },
                ExpressionAttributeValues = new() { [":status"] = new() { S = status } },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static readonly Dictionary<string, string> AttributeNames = new()
    {
        ["#id"] = ImageStoreSchema.ImageId,
        ["#user"] = ImageStoreSchema.UserId,
        ["#status"] = ImageAttributes.Status,
        ["#size"] = ImageAttributes.SizeBytes,
        ["#stored"] = ImageAttributes.StoredBytes,
        ["#etag"] = ImageAttributes.ETag,
        ["#reason"] = ImageAttributes.RejectionReason,
        ["#purge"] = ImageStoreSchema.PurgeAt,
        ["#pending"] = ImageStoreSchema.PendingPartition,
        ["#expires"] = ImageStoreSchema.UploadExpiresAt,
        ["#lease"] = ImageAttributes.ConfirmLease,
        ["#attempts"] = ImageAttributes.DecodeAttempts,
        ["#width"] = ImageAttributes.Width,
        ["#height"] = ImageAttributes.Height,
        ["#format"] = ImageAttributes.Format,
        ["#sha256"] = ImageAttributes.Sha256,
        ["#thumbnails"] = ImageAttributes.ThumbnailSizes,
        ["#placeholder"] = ImageAttributes.Placeholder,
        ["#recipe"] = ImageAttributes.VariantRecipe,
        ["#multipart"] = ImageAttributes.MultipartUploadId,
        // The capture attributes go by their own names: #capture_local_time etc.
        [$"#{ImageAttributes.CaptureLocalTime}"] = ImageAttributes.CaptureLocalTime,
        [$"#{ImageAttributes.CaptureOffsetMinutes}"] = ImageAttributes.CaptureOffsetMinutes,
        [$"#{ImageStoreSchema.TakenTime}"] = ImageStoreSchema.TakenTime,
        [$"#{ImageAttributes.CameraMake}"] = ImageAttributes.CameraMake,
        [$"#{ImageAttributes.CameraModel}"] = ImageAttributes.CameraModel,
        [$"#{ImageAttributes.Lens}"] = ImageAttributes.Lens,
        [$"#{ImageAttributes.Orientation}"] = ImageAttributes.Orientation,
        [$"#{ImageAttributes.LocationLatitude}"] = ImageAttributes.LocationLatitude,
        [$"#{ImageAttributes.LocationLongitude}"] = ImageAttributes.LocationLongitude,
        ["#trashedat"] = ImageAttributes.TrashedAt,
        ["#keepuntil"] = ImageStoreSchema.PurgeAfter,
        ["#trashpart"] = ImageStoreSchema.TrashPartition,
    };

    // DynamoDB refuses names that an expression does not use.
    private static Dictionary<string, string> UsedNames(string expressions) =>
        AttributeNames.Where(pair => expressions.Contains(pair.Key, StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>
    /// One page of a listing. DynamoDB applies filters after its own Limit, so this reads on until the page is full
    /// or the table is exhausted; the cursor is DynamoDB's LastEvaluatedKey, so every item appears exactly once.
    /// </summary>
    public async Task<ImagePage> ListAsync(ImageListRequest request, DateTime now, CancellationToken cancellationToken)
    {
        var filter = request.Filter;
        var items = new List<ImageRecord>(Math.Min(request.PageSize, 100));
        var startKey = request.Cursor is { } cursor ? ToAttributes(cursor.LastKey) : null;
        var pagesRead = 0;

        do
        {
            pagesRead++;
            var (page, lastKey) = filter.UserId is null
                ? await ScanAsync(filter, now, request.PageSize - items.Count, startKey, cancellationToken)
                : await QueryByUserAsync(filter, now, request.PageSize - items.Count, startKey, cancellationToken);
            items.AddRange(page.Select(ImageItemMapper.FromItem));
            startKey = lastKey is { Count: > 0 } ? lastKey : null;
        }
        while (startKey is not null && items.Count < request.PageSize && pagesRead < request.MaxStoragePages);

        if (filter.UserId is null && filter.Order == ImageOrder.Taken) items.Sort((a, b) => b.TimelineTime.CompareTo(a.TimelineTime));
        else if (filter.UserId is null) items.Sort((a, b) => b.UploadTime.CompareTo(a.UploadTime));
        var next = startKey is null ? null : new PageCursor(filter, startKey.ToDictionary(pair => pair.Key, pair => pair.Value.S));
        return new ImagePage(items, next);
    }

    private async Task<(List<Dictionary<string, AttributeValue>>, Dictionary<string, AttributeValue>?)> QueryByUserAsync(
        ImageListFilter filter, DateTime now, int limit, Dictionary<string, AttributeValue>? startKey, CancellationToken cancellationToken)
    {
        var index = filter.Order == ImageOrder.Taken ? ImageStoreSchema.TimelineIndex : ImageStoreSchema.UserIndex;
        var expression = new ListExpression();
        var keyCondition = string.Join(" AND ", new[]
        {
            $"{expression.Name(ImageStoreSchema.UserId)} = {expression.Value(filter.UserId!)}",
            TimeCondition(filter, expression, index.SortKey!.Name),
        }.OfType<string>());
        var conditions = new[] { VisibleFilter(filter, now, expression), TagFilter(filter, expression) }.OfType<string>();

        using var activity = StorageTelemetry.StartDynamoDb("Query", _table, index.Name);
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = _table,
            IndexName = index.Name,
            KeyConditionExpression = keyCondition,
            FilterExpression = string.Join(" AND ", conditions),
            ExpressionAttributeNames = expression.Names,
            ExpressionAttributeValues = expression.Values,
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = startKey,
        }, cancellationToken);
        return (response.Items ?? [], response.LastEvaluatedKey);
    }

    private async Task<(List<Dictionary<string, AttributeValue>>, Dictionary<string, AttributeValue>?)> ScanAsync(
        ImageListFilter filter, DateTime now, int limit, Dictionary<string, AttributeValue>? startKey, CancellationToken cancellationToken)
    {
        var expression = new ListExpression();
        var conditions = new[] { VisibleFilter(filter, now, expression), TagFilter(filter, expression), ScanTimeCondition(filter, expression) }
            .OfType<string>();

        using var activity = StorageTelemetry.StartDynamoDb("Scan", _table);
        var response = await dynamoDb.ScanAsync(new ScanRequest
        {
            TableName = _table,
            FilterExpression = string.Join(" AND ", conditions),
            ExpressionAttributeNames = expression.Names,
            ExpressionAttributeValues = expression.Values,
            Limit = limit,
            ExclusiveStartKey = startKey,
        }, cancellationToken);
        return (response.Items ?? [], response.LastEvaluatedKey);
    }

    /// <summary>On the timeline, a record not yet placed on it (no taken_time) is bounded by its upload time, as it will be placed.</summary>
    private static string? ScanTimeCondition(ImageListFilter filter, ListExpression expression)
    {
        if (filter.Order == ImageOrder.Uploaded) return TimeCondition(filter, expression, ImageStoreSchema.UploadTime);
        if (TimeCondition(filter, expression, ImageStoreSchema.TakenTime) is not { } taken) return null;
        var notPlaced = $"attribute_not_exists({expression.Name(ImageStoreSchema.TakenTime)})";
        return $"(({taken}) OR ({notPlaced} AND {TimeCondition(filter, expression, ImageStoreSchema.UploadTime)}))";
    }

    private static string? TimeCondition(ImageListFilter filter, ListExpression expression, string attribute)
    {
        if (filter.From is null && filter.To is null) return null;
        var time = expression.Name(attribute);
        return (filter.From, filter.To) switch
        {
            ({ } from, { } to) =>
                $"{time} BETWEEN {expression.Value(ImageItemMapper.FormatTime(from))} AND {expression.Value(ImageItemMapper.FormatTime(to))}",
            ({ } from, null) => $"{time} >= {expression.Value(ImageItemMapper.FormatTime(from))}",
            (_, { } to) => $"{time} <= {expression.Value(ImageItemMapper.FormatTime(to))}",
            _ => null,
        };
    }

    /// <summary>
    /// Listings show available images and uploads still in their window; never rejected, abandoned, trashed or deleting
    /// ones. The trash listing shows trashed images only.
    /// </summary>
    private static string VisibleFilter(ImageListFilter filter, DateTime now, ListExpression expression)
    {
        var status = expression.Name(ImageAttributes.Status);
        if (filter.Trashed) return $"{status} = {expression.Value(ImageStatus.Trashed)}";
        var expires = expression.Name(ImageStoreSchema.UploadExpiresAt);
        return $"(attribute_not_exists({status}) OR {status} IN ({expression.Value(ImageStatus.Available)}, {expression.Value(ImageStatus.Pending)}))"
               + $" AND (attribute_not_exists({expires}) OR {expires} > {expression.Value(ImageItemMapper.FormatTime(now))})";
    }

    private static string? TagFilter(ImageListFilter filter, ListExpression expression) =>
        filter.Tag is null ? null : $"contains({expression.Name(ImageAttributes.Tags)}, {expression.Value(filter.Tag)})";

    private static Dictionary<string, AttributeValue> KeyOf(string imageId) =>
        new() { [ImageStoreSchema.ImageId] = new AttributeValue { S = imageId } };

    private static Dictionary<string, AttributeValue> ToAttributes(IReadOnlyDictionary<string, string> key) =>
        key.ToDictionary(pair => pair.Key, pair => new AttributeValue { S = pair.Value });

    /// <summary>Collects placeholder names and values, so that no client text is ever spliced into an expression.</summary>
    private sealed class ListExpression
    {
        public Dictionary<string, string> Names { get; } = [];
        public Dictionary<string, AttributeValue> Values { get; } = [];

        public string Name(string attribute)
        {
            var placeholder = "#" + attribute;
            Names[placeholder] = attribute;
            return placeholder;
        }

        public string Value(string value)
        {
            var placeholder = ":v" + Values.Count;
            Values[placeholder] = new AttributeValue { S = value };
            return placeholder;
        }
    }
}
