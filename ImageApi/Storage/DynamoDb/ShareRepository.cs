using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Shares;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.Schema;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage.DynamoDb;

/// <summary>
/// Share links as items of the images table (keys under <see cref="ImageStoreSchema.ShareKeyPrefix"/>, status
/// <see cref="ImageStoreSchema.ShareItemStatus"/>), listed by owner through the sparse owner index.
/// </summary>
public sealed class ShareRepository(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options) : IShareStore
{
    // Each owner listing reads at most this many DynamoDB pages.
    private const int MaxPages = 4;

    private readonly string _table = options.Value.TableName;

    public async Task CreateAsync(Share share, DateTime removeAfter, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("PutItem", _table);
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = _table,
            Item = ToItem(share, removeAfter),
            ConditionExpression = "attribute_not_exists(#id)",
            ExpressionAttributeNames = new() { ["#id"] = ImageStoreSchema.ImageId },
        }, cancellationToken);
    }

    public async Task<Share?> FindAsync(string id, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("GetItem", _table);
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = KeyOf(id),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item && IsShare(item) ? FromItem(item) : null;
    }

    public async Task<IReadOnlyList<Share>> ListByOwnerAsync(string ownerId, int limit, CancellationToken cancellationToken)
    {
        var index = ImageStoreSchema.ShareOwnerIndex;
        var shares = new List<Share>();
        Dictionary<string, AttributeValue>? startKey = null;
        for (var page = 0; page < MaxPages && shares.Count < limit; page++)
        {
            using var activity = StorageTelemetry.StartDynamoDb("Query", _table, index.Name);
            var response = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = _table,
                IndexName = index.Name,
                KeyConditionExpression = "#owner = :owner",
                FilterExpression = "attribute_not_exists(#revoked)",
                ExpressionAttributeNames = new() { ["#owner"] = ImageStoreSchema.ShareOwner, ["#revoked"] = ImageAttributes.ShareRevokedAt },
                ExpressionAttributeValues = new() { [":owner"] = new() { S = ownerId } },
                ScanIndexForward = false,
                Limit = limit - shares.Count,
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            shares.AddRange((response.Items ?? []).Where(IsShare).Select(FromItem));
            startKey = response.LastEvaluatedKey is { Count: > 0 } lastKey ? lastKey : null;
            if (startKey is null) break;
        }
        return shares;
    }

    public async Task<bool> RevokeAsync(string id, string? ownerId, DateTime revokedAt, DateTime removeAfter, CancellationToken cancellationToken)
    {
        var condition = "#status = :share AND attribute_not_exists(#revoked)" + (ownerId is null ? "" : " AND #owner = :owner");
        var values = new Dictionary<string, AttributeValue>
        {
            [":share"] = new() { S = ImageStoreSchema.ShareItemStatus },
            [":revoked"] = new() { S = ImageItemMapper.FormatTime(revokedAt) },
            [":purge"] = ImageItemMapper.Number(new DateTimeOffset(removeAfter).ToUnixTimeSeconds()),
        };
        if (ownerId is not null) values[":owner"] = new() { S = ownerId };
        var names = new Dictionary<string, string>
        {
            ["#status"] = ImageAttributes.Status,
            ["#revoked"] = ImageAttributes.ShareRevokedAt,
            ["#purge"] = ImageStoreSchema.PurgeAt,
        };
        if (ownerId is not null) names["#owner"] = ImageStoreSchema.ShareOwner;

        using var activity = StorageTelemetry.StartDynamoDb("UpdateItem.RevokeShare", _table);
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = KeyOf(id),
                UpdateExpression = "SET #revoked = :revoked, #purge = :purge",
                ConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public static Dictionary<string, AttributeValue> ToItem(Share share, DateTime removeAfter)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [ImageStoreSchema.ImageId] = new() { S = ImageStoreSchema.ShareKeyPrefix + share.Id },
            [ImageAttributes.Status] = new() { S = ImageStoreSchema.ShareItemStatus },
            [ImageStoreSchema.ShareOwner] = new() { S = share.OwnerId },
            [ImageStoreSchema.ShareCreatedAt] = new() { S = ImageItemMapper.FormatTime(share.CreatedAt) },
            [ImageAttributes.ShareExpiresAt] = new() { S = ImageItemMapper.FormatTime(share.ExpiresAt) },
            [ImageAttributes.ShareImageIds] = new() { L = [.. share.ImageIds.Select(imageId => new AttributeValue { S = imageId })] },
            [ImageAttributes.ShareAllowOriginal] = new() { BOOL = share.AllowOriginal },
            [ImageStoreSchema.PurgeAt] = ImageItemMapper.Number(new DateTimeOffset(removeAfter).ToUnixTimeSeconds()),
        };
        if (share.Title is not null) item[ImageAttributes.ShareTitle] = new() { S = share.Title };
        if (share.RevokedAt is { } revokedAt) item[ImageAttributes.ShareRevokedAt] = new() { S = ImageItemMapper.FormatTime(revokedAt) };
        return item;
    }

    public static Share FromItem(Dictionary<string, AttributeValue> item) => new(
        item[ImageStoreSchema.ImageId].S[ImageStoreSchema.ShareKeyPrefix.Length..],
        item[ImageStoreSchema.ShareOwner].S,
        [.. (item[ImageAttributes.ShareImageIds].L ?? []).Select(value => value.S).OfType<string>()],
        item.TryGetValue(ImageAttributes.ShareTitle, out var title) ? title.S : null,
        ImageItemMapper.ParseTime(item[ImageStoreSchema.ShareCreatedAt].S),
        ImageItemMapper.ParseTime(item[ImageAttributes.ShareExpiresAt].S),
        item.TryGetValue(ImageAttributes.ShareAllowOriginal, out var allow) && allow.BOOL == true)
    {
        RevokedAt = item.TryGetValue(ImageAttributes.ShareRevokedAt, out var revoked) ? ImageItemMapper.ParseTime(revoked.S) : null,
    };

    private static bool IsShare(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(ImageAttributes.Status, out var status) && status.S == ImageStoreSchema.ShareItemStatus;

    private static Dictionary<string, AttributeValue> KeyOf(string id) =>
        new() { [ImageStoreSchema.ImageId] = new AttributeValue { S = ImageStoreSchema.ShareKeyPrefix + id } };
}
