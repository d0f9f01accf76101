using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Storage;
using Microsoft.Extensions.Options;

namespace CloudImageService.Images;

/// <summary>Image metadata in DynamoDB. Listing by user is a Query on the user index; never a filtered Scan.</summary>
public sealed class ImageRepository(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options)
{
    private readonly string _table = options.Value.TableName;

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

    /// <summary>Deletes the record if it exists; false when there was nothing to delete.</summary>
    public async Task<ImageRecord?> DeleteAsync(string imageId, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("DeleteItem", _table);
        try
        {
            var response = await dynamoDb.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _table,
                Key = KeyOf(imageId),
                ConditionExpression = "attribute_exists(#id)",
                ExpressionAttributeNames = new() { ["#id"] = ImageStoreSchema.ImageId },
                ReturnValues = ReturnValue.ALL_OLD,
            }, cancellationToken);
            return response.Attributes is { Count: > 0 } old ? ImageItemMapper.FromItem(old) : null;
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <summary>
    /// One page of a listing. DynamoDB applies filters after its own Limit, so this reads on until the page is full
    /// or the table is exhausted; the cursor is DynamoDB's LastEvaluatedKey, so every item appears exactly once.
    /// </summary>
    public async Task<ImagePage> ListAsync(ImageListRequest request, CancellationToken cancellationToken)
    {
        var filter = request.Filter;
        var items = new List<ImageRecord>(Math.Min(request.PageSize, 100));
        var startKey = request.Cursor is { } cursor ? ToAttributes(cursor.LastKey) : null;

        do
        {
            var (page, lastKey) = filter.UserId is null
                ? await ScanAsync(filter, request.PageSize - items.Count, startKey, cancellationToken)
                : await QueryByUserAsync(filter, request.PageSize - items.Count, startKey, cancellationToken);
            items.AddRange(page.Select(ImageItemMapper.FromItem));
            startKey = lastKey is { Count: > 0 } ? lastKey : null;
        }
        while (startKey is not null && items.Count < request.PageSize);

        if (filter.UserId is null) items.Sort((a, b) => b.UploadTime.CompareTo(a.UploadTime));
        var next = startKey is null ? null : new PageCursor(filter.UserId, startKey.ToDictionary(pair => pair.Key, pair => pair.Value.S));
        return new ImagePage(items, next);
    }

    private async Task<(List<Dictionary<string, AttributeValue>>, Dictionary<string, AttributeValue>?)> QueryByUserAsync(
        ImageListFilter filter, int limit, Dictionary<string, AttributeValue>? startKey, CancellationToken cancellationToken)
    {
        var index = ImageStoreSchema.UserIndex;
        var expression = new ListExpression();
        var keyCondition = string.Join(" AND ", new[]
        {
            $"{expression.Name(ImageStoreSchema.UserId)} = {expression.Value(filter.UserId!)}",
            TimeCondition(filter, expression),
        }.OfType<string>());
        var tagFilter = TagFilter(filter, expression);

        using var activity = StorageTelemetry.StartDynamoDb("Query", _table, index.Name);
        var response = await dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = _table,
            IndexName = index.Name,
            KeyConditionExpression = keyCondition,
            FilterExpression = tagFilter,
            ExpressionAttributeNames = expression.Names,
            ExpressionAttributeValues = expression.Values,
            ScanIndexForward = false,
            Limit = limit,
            ExclusiveStartKey = startKey,
        }, cancellationToken);
        return (response.Items ?? [], response.LastEvaluatedKey);
    }

    private async Task<(List<Dictionary<string, AttributeValue>>, Dictionary<string, AttributeValue>?)> ScanAsync(
        ImageListFilter filter, int limit, Dictionary<string, AttributeValue>? startKey, CancellationToken cancellationToken)
    {
        var expression = new ListExpression();
        var conditions = new[] { TagFilter(filter, expression), TimeCondition(filter, expression) }.OfType<string>().ToList();

        using var activity = StorageTelemetry.StartDynamoDb("Scan", _table);
        var response = await dynamoDb.ScanAsync(new ScanRequest
        {
            TableName = _table,
            FilterExpression = conditions.Count > 0 ? string.Join(" AND ", conditions) : null,
            ExpressionAttributeNames = expression.Names.Count > 0 ? expression.Names : null,
            ExpressionAttributeValues = expression.Values.Count > 0 ? expression.Values : null,
            Limit = limit,
            ExclusiveStartKey = startKey,
        }, cancellationToken);
        return (response.Items ?? [], response.LastEvaluatedKey);
    }

    private static string? TimeCondition(ImageListFilter filter, ListExpression expression)
    {
        if (filter.From is null && filter.To is null) return null;
        var time = expression.Name(ImageStoreSchema.UploadTime);
        return (filter.From, filter.To) switch
        {
            ({ } from, { } to) => $"{time} BETWEEN {expression.Value(ImageItemMapper.FormatTime(from))} AND {expression.Value(ImageItemMapper.FormatTime(to))}",
            ({ } from, null) => $"{time} >= {expression.Value(ImageItemMapper.FormatTime(from))}",
            (_, { } to) => $"{time} <= {expression.Value(ImageItemMapper.FormatTime(to))}",
            _ => null,
        };
    }

    private static string? TagFilter(ImageListFilter filter, ListExpression expression) =>
        filter.Tag is null ? null : $"contains({expression.Name("tags")}, {expression.Value(filter.Tag)})";

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
