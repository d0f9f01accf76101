using System.Globalization;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Storage;

namespace CloudImageService.Images;

/// <summary>Maps <see cref="ImageRecord"/> to and from DynamoDB items (snake_case attribute names, as the original service stored them).</summary>
public static class ImageItemMapper
{
    // Fixed width, so that string order in the indexes is time order.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string FormatTime(DateTime utc) => utc.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static Dictionary<string, AttributeValue> ToItem(ImageRecord record)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [ImageStoreSchema.ImageId] = new() { S = record.ImageId },
            [ImageStoreSchema.UserId] = new() { S = record.UserId },
            [ImageStoreSchema.UploadTime] = new() { S = FormatTime(record.UploadTime) },
            ["content_type"] = new() { S = record.ContentType },
            ["tags"] = new() { L = [.. record.Tags.Select(tag => new AttributeValue { S = tag })] },
            ["status"] = new() { S = record.Status },
            ["object_key"] = new() { S = record.ObjectKey },
        };
        if (record.Description is not null) item["description"] = new AttributeValue { S = record.Description };
        if (record.SizeBytes is { } size) item["size_bytes"] = Number(size);
        if (record.ETag is not null) item["etag"] = new AttributeValue { S = record.ETag };
        if (record.RejectionReason is not null) item["rejection_reason"] = new AttributeValue { S = record.RejectionReason };
        if (record.IsPending && record.UploadExpiresAt is { } expires)
        {
            item[ImageStoreSchema.PendingPartition] = new AttributeValue { S = ImageStoreSchema.PendingPartitionValue };
            item[ImageStoreSchema.UploadExpiresAt] = new AttributeValue { S = FormatTime(expires) };
        }
        return item;
    }

    public static ImageRecord FromItem(Dictionary<string, AttributeValue> item) => new(
        ImageId: item[ImageStoreSchema.ImageId].S,
        UserId: item[ImageStoreSchema.UserId].S,
        ContentType: StringOrNull(item, "content_type") ?? "application/octet-stream",
        Tags: item.TryGetValue("tags", out var tags) ? TagsOf(tags) : [],
        Description: StringOrNull(item, "description"),
        UploadTime: ParseTime(item[ImageStoreSchema.UploadTime].S),
        // Records of the original service have no status: their bytes were uploaded without any confirmation step.
        Status: StringOrNull(item, "status") ?? ImageStatus.Pending,
        ObjectKey: StringOrNull(item, "object_key") ?? ImageStoreSchema.ObjectKeyFor(item[ImageStoreSchema.ImageId].S))
    {
        SizeBytes = item.TryGetValue("size_bytes", out var size) && size.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null,
        ETag = StringOrNull(item, "etag"),
        RejectionReason = StringOrNull(item, "rejection_reason"),
        UploadExpiresAt = StringOrNull(item, ImageStoreSchema.UploadExpiresAt) is { } expires ? ParseTime(expires) : null,
    };

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static DateTime ParseTime(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string? StringOrNull(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    // Written by us as a list; records of the original service may hold a string set.
    private static IReadOnlyList<string> TagsOf(AttributeValue value) =>
        value.L is { } list ? [.. list.Select(v => v.S).OfType<string>()] : value.SS ?? [];
}
