using System.Globalization;
using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Images;
using CloudImageService.Storage.Aws;
using CloudImageService.Storage.Schema;
using Microsoft.Extensions.Options;

namespace CloudImageService.Storage.DynamoDb;

/// <summary>
/// Each user's usage item in the images table (<see cref="UsageAttributes"/>): every change is one UpdateItem with a
/// condition on that item alone, because the emulator this is tested against (dynalite) has no TransactWriteItems.
/// </summary>
public sealed class UsageRepository(IAmazonDynamoDB dynamoDb, IOptions<StorageOptions> options) : IUsageStore
{
    private readonly string _table = options.Value.TableName;

    private static readonly Dictionary<string, string> Names = new()
    {
        ["#owner"] = UsageAttributes.Owner,
        ["#status"] = ImageAttributes.Status,
        ["#bytes"] = UsageAttributes.Bytes,
        ["#images"] = UsageAttributes.Images,
        ["#limitb"] = UsageAttributes.LimitBytes,
        ["#limiti"] = UsageAttributes.LimitImages,
        ["#ledger"] = UsageAttributes.Ledger,
        ["#version"] = UsageAttributes.Version,
    };

    // Creates the item's attributes where missing; part of every write that may be the item's first.
    private const string EnsureExpression =
        "#owner = :owner, #status = :usage, #ledger = if_not_exists(#ledger, :empty), #bytes = if_not_exists(#bytes, :zero), "
        + "#images = if_not_exists(#images, :zero), #version = if_not_exists(#version, :zero)";

    public async Task<UserUsage?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.StartDynamoDb("GetItem.Usage", _table);
        var response = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = _table, Key = KeyOf(userId), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(userId, item) : null;
    }

    public Task EnsureAsync(string userId, CancellationToken cancellationToken) =>
        UpdateAsync(userId, "EnsureUsage", "SET " + EnsureExpression, null, EnsureValues(userId), cancellationToken);

    public async Task<bool> TryApplyAsync(string userId, UsageChange change, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(Names) { ["#image"] = change.ImageId };
        var values = new Dictionary<string, AttributeValue>
        {
            [":db"] = ImageItemMapper.Number(change.BytesDelta),
            [":di"] = ImageItemMapper.Number(change.ImagesDelta),
            [":one"] = ImageItemMapper.Number(1),
        };
        var conditions = new List<string> { "attribute_exists(#ledger)" };
        if (change.Expected is { } expected)
        {
            conditions.Add("#ledger.#image = :expected");
            values[":expected"] = new AttributeValue { S = Format(expected) };
        }
        else
        {
            conditions.Add("attribute_not_exists(#ledger.#image)");
        }
        if (change.Bound is { } bound)
        {
            conditions.Add(AtMost("#bytes", ":maxb", bound.MaxBytes, values));
            conditions.Add(AtMost("#images", ":maxi", bound.MaxImages, values));
            conditions.Add(Unchanged("#limitb", ":seenb", bound.SeenLimitBytes, values));
            conditions.Add(Unchanged("#limiti", ":seeni", bound.SeenLimitImages, values));
        }
        var update = "ADD #bytes :db, #images :di, #version :one";
        if (change.Next is { } next)
        {
            update += " SET #ledger.#image = :next";
            values[":next"] = new AttributeValue { S = Format(next) };
        }
        else
        {
            update += " REMOVE #ledger.#image";
        }
        return await UpdateAsync(userId, "ChangeUsage", update, string.Join(" AND ", conditions.Where(c => c.Length > 0)), values, cancellationToken, names);
    }

    public Task SetLimitsAsync(string userId, long? bytes, long? images, CancellationToken cancellationToken)
    {
        var values = EnsureValues(userId);
        var set = EnsureExpression;
        var remove = new List<string>();
        if (bytes is { } b)
        {
            set += ", #limitb = :limitb";
            values[":limitb"] = ImageItemMapper.Number(b);
        }
        else
        {
            remove.Add("#limitb");
        }
        if (images is { } i)
        {
            set += ", #limiti = :limiti";
            values[":limiti"] = ImageItemMapper.Number(i);
        }
        else
        {
            remove.Add("#limiti");
        }
        return UpdateAsync(userId, "SetQuota", "SET " + set + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : ""), null, values, cancellationToken);
    }

    public Task<bool> TryResetAsync(string userId, long bytes, long images, long expectedVersion, CancellationToken cancellationToken) =>
        UpdateAsync(userId, "RepairUsage", "SET #bytes = :bytes, #images = :images ADD #version :one", "#version = :version",
            new()
            {
                [":bytes"] = ImageItemMapper.Number(bytes),
                [":images"] = ImageItemMapper.Number(images),
                [":one"] = ImageItemMapper.Number(1),
                [":version"] = ImageItemMapper.Number(expectedVersion),
            },
            cancellationToken);

    public async IAsyncEnumerable<ImageRecord> RecordsOfAsync(string userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = ImageStoreSchema.UserIndex;
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            QueryResponse response;
            using (StorageTelemetry.StartDynamoDb("Query.Usage", _table, index.Name))
            {
                response = await dynamoDb.QueryAsync(new QueryRequest
                {
                    TableName = _table,
                    IndexName = index.Name,
                    KeyConditionExpression = "#user = :user",
                    ExpressionAttributeNames = new() { ["#user"] = ImageStoreSchema.UserId },
                    ExpressionAttributeValues = new() { [":user"] = new AttributeValue { S = userId } },
                    ExclusiveStartKey = startKey,
                }, cancellationToken);
            }
            foreach (var item in response.Items ?? []) yield return ImageItemMapper.FromItem(item);
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);
    }

    public async IAsyncEnumerable<string> UsersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            ScanResponse response;
            using (StorageTelemetry.StartDynamoDb("Scan.Usage", _table))
            {
                response = await dynamoDb.ScanAsync(new ScanRequest
                {
                    TableName = _table,
                    ProjectionExpression = "#user, #owner",
                    ExpressionAttributeNames = new() { ["#user"] = ImageStoreSchema.UserId, ["#owner"] = UsageAttributes.Owner },
                    ExclusiveStartKey = startKey,
                }, cancellationToken);
            }
            foreach (var item in response.Items ?? [])
            {
                var user = item.TryGetValue(ImageStoreSchema.UserId, out var u) ? u.S : item.TryGetValue(UsageAttributes.Owner, out var o) ? o.S : null;
                if (user is not null && seen.Add(user)) yield return user;
            }
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);
    }

    /// <summary><c>c:{bytes}:{unix seconds}</c> for a charge, <c>r:…</c> for a release: compared whole in conditions.</summary>
    public static string Format(LedgerEntry entry) => string.Create(CultureInfo.InvariantCulture,
        $"{(entry.Released ? 'r' : 'c')}:{entry.Bytes}:{new DateTimeOffset(DateTime.SpecifyKind(entry.At, DateTimeKind.Utc)).ToUnixTimeSeconds()}");

    public static LedgerEntry? Parse(string? text) =>
        text?.Split(':') is [var kind and ("c" or "r"), var bytes, var at]
        && long.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        && long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? new LedgerEntry(kind == "r", n, DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime)
            : null;

    private static UserUsage FromItem(string userId, Dictionary<string, AttributeValue> item) => new(
        userId,
        NumberOf(item, UsageAttributes.Bytes) ?? 0,
        NumberOf(item, UsageAttributes.Images) ?? 0,
        NumberOf(item, UsageAttributes.LimitBytes),
        NumberOf(item, UsageAttributes.LimitImages),
        item.TryGetValue(UsageAttributes.Ledger, out var ledger) && ledger.M is { } map
            ? map.Select(pair => (pair.Key, Entry: Parse(pair.Value.S))).Where(pair => pair.Entry is not null)
                .ToDictionary(pair => pair.Key, pair => pair.Entry!, StringComparer.Ordinal)
            : new Dictionary<string, LedgerEntry>(),
        NumberOf(item, UsageAttributes.Version) ?? 0);

    private static long? NumberOf(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null;

    private static string AtMost(string name, string placeholder, long? max, Dictionary<string, AttributeValue> values)
    {
        if (max is not { } value) return "";
        values[placeholder] = ImageItemMapper.Number(value);
        return $"{name} <= {placeholder}";
    }

    private static string Unchanged(string name, string placeholder, long? seen, Dictionary<string, AttributeValue> values)
    {
        if (seen is not { } value) return $"attribute_not_exists({name})";
        values[placeholder] = ImageItemMapper.Number(value);
        return $"{name} = {placeholder}";
    }

    private static Dictionary<string, AttributeValue> EnsureValues(string userId) => new()
    {
        [":owner"] = new AttributeValue { S = userId },
        [":usage"] = new AttributeValue { S = UsageAttributes.StatusValue },
        [":empty"] = new AttributeValue { M = [] },
        [":zero"] = ImageItemMapper.Number(0),
    };

    private async Task<bool> UpdateAsync(
        string userId, string operation, string update, string? condition, Dictionary<string, AttributeValue> values,
        CancellationToken cancellationToken, Dictionary<string, string>? names = null)
    {
        names ??= Names;
        var expressions = update + " " + condition;
        using var activity = StorageTelemetry.StartDynamoDb($"UpdateItem.{operation}", _table);
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = KeyOf(userId),
                UpdateExpression = update,
                ConditionExpression = condition,
                ExpressionAttributeNames = names.Where(pair => expressions.Contains(pair.Key, StringComparison.Ordinal)).ToDictionary(),
                ExpressionAttributeValues = values.Where(pair => expressions.Contains(pair.Key, StringComparison.Ordinal)).ToDictionary(),
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> KeyOf(string userId) =>
        new() { [ImageStoreSchema.ImageId] = new AttributeValue { S = UsageAttributes.KeyOf(userId) } };
}
