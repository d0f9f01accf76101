using System.Globalization;
using Amazon.DynamoDBv2.Model;
using CloudImageService.Images;
using CloudImageService.Storage.Schema;

namespace CloudImageService.Storage.DynamoDb;

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
            [ImageStoreSchema.TakenTime] = new() { S = FormatTime(record.TimelineTime) },
            [ImageAttributes.ContentType] = new() { S = record.ContentType },
            [ImageAttributes.Tags] = new() { L = [.. record.Tags.Select(tag => new AttributeValue { S = tag })] },
            [ImageAttributes.Status] = new() { S = record.Status },
            [ImageAttributes.ObjectKey] = new() { S = record.ObjectKey },
        };
        if (record.Description is not null) item[ImageAttributes.Description] = new AttributeValue { S = record.Description };
        if (record.SizeBytes is { } size) item[ImageAttributes.SizeBytes] = Number(size);
        if (record.StoredBytes is { } stored) item[ImageAttributes.StoredBytes] = Number(stored);
        if (record.ETag is not null) item[ImageAttributes.ETag] = new AttributeValue { S = record.ETag };
        if (record.RejectionReason is not null) item[ImageAttributes.RejectionReason] = new AttributeValue { S = record.RejectionReason };
        if (record.StagingKey is not null) item[ImageAttributes.StagingKey] = new AttributeValue { S = record.StagingKey };
        if (record.Width is { } width) item[ImageAttributes.Width] = Number(width);
        if (record.Height is { } height) item[ImageAttributes.Height] = Number(height);
        if (record.Format is not null) item[ImageAttributes.Format] = new AttributeValue { S = record.Format };
        if (record.Sha256 is not null) item[ImageAttributes.Sha256] = new AttributeValue { S = record.Sha256 };
        if (record.VariantRecipe is not null) item[ImageAttributes.VariantRecipe] = new AttributeValue { S = record.VariantRecipe };
        if (record.Placeholder is not null) item[ImageAttributes.Placeholder] = new AttributeValue { S = record.Placeholder };
        if (record.MultipartUploadId is not null) item[ImageAttributes.MultipartUploadId] = new AttributeValue { S = record.MultipartUploadId };
        if (record.PartSize is { } partSize) item[ImageAttributes.PartSize] = Number(partSize);
        if (record.DeclaredSha256 is not null) item[ImageAttributes.DeclaredSha256] = new AttributeValue { S = record.DeclaredSha256 };
        if (record.DecodeAttempts > 0) item[ImageAttributes.DecodeAttempts] = Number(record.DecodeAttempts);
        if (record.ThumbnailSizes.Count > 0) item[ImageAttributes.ThumbnailSizes] = Numbers(record.ThumbnailSizes);
        foreach (var (name, value) in CaptureAttributes(record.Capture)) item[name] = value;
        if (record.TrashedAt is { } trashedAt) item[ImageAttributes.TrashedAt] = new AttributeValue { S = FormatTime(trashedAt) };
        if (record.PurgeAfter is { } purgeAfter)
        {
            item[ImageStoreSchema.TrashPartition] = new AttributeValue { S = ImageStoreSchema.TrashPartitionFor(record.ImageId) };
            item[ImageStoreSchema.PurgeAfter] = new AttributeValue { S = FormatTime(purgeAfter) };
        }
        if (record.IsPending && record.UploadExpiresAt is { } expires)
        {
            item[ImageStoreSchema.PendingPartition] = new AttributeValue { S = ImageStoreSchema.PendingPartitionFor(record.ImageId) };
            item[ImageStoreSchema.UploadExpiresAt] = new AttributeValue { S = FormatTime(expires) };
        }
        return item;
    }

    public static ImageRecord FromItem(Dictionary<string, AttributeValue> item) => new(
        ImageId: item[ImageStoreSchema.ImageId].S,
        UserId: item[ImageStoreSchema.UserId].S,
        ContentType: StringOrNull(item, ImageAttributes.ContentType) ?? "application/octet-stream",
        Tags: item.TryGetValue(ImageAttributes.Tags, out var tags) ? TagsOf(tags) : [],
        Description: StringOrNull(item, ImageAttributes.Description),
        UploadTime: ParseTime(item[ImageStoreSchema.UploadTime].S),
        // Records of the original service have no status: their bytes were uploaded without any confirmation step.
        Status: StringOrNull(item, ImageAttributes.Status) ?? ImageStatus.Pending,
        ObjectKey: StringOrNull(item, ImageAttributes.ObjectKey) ?? ObjectKeys.Original(item[ImageStoreSchema.ImageId].S))
    {
        SizeBytes = item.TryGetValue(ImageAttributes.SizeBytes, out var size) && size.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null,
        StoredBytes = item.TryGetValue(ImageAttributes.StoredBytes, out var stored) && stored.N is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : null,
        ETag = StringOrNull(item, ImageAttributes.ETag),
        RejectionReason = StringOrNull(item, ImageAttributes.RejectionReason),
        UploadExpiresAt = StringOrNull(item, ImageStoreSchema.UploadExpiresAt) is { } expires ? ParseTime(expires) : null,
        StagingKey = StringOrNull(item, ImageAttributes.StagingKey),
        Width = IntOrNull(item, ImageAttributes.Width),
        Height = IntOrNull(item, ImageAttributes.Height),
        Format = StringOrNull(item, ImageAttributes.Format),
        Sha256 = StringOrNull(item, ImageAttributes.Sha256),
        DecodeAttempts = IntOrNull(item, ImageAttributes.DecodeAttempts) ?? 0,
        MultipartUploadId = StringOrNull(item, ImageAttributes.MultipartUploadId),
        Placeholder = StringOrNull(item, ImageAttributes.Placeholder),
        VariantRecipe = StringOrNull(item, ImageAttributes.VariantRecipe),
        PartSize = item.TryGetValue(ImageAttributes.PartSize, out var part) && part.N is { } p ? long.Parse(p, CultureInfo.InvariantCulture) : null,
        DeclaredSha256 = StringOrNull(item, ImageAttributes.DeclaredSha256),
        TrashedAt = StringOrNull(item, ImageAttributes.TrashedAt) is { } trashedAt ? ParseTime(trashedAt) : null,
        PurgeAfter = StringOrNull(item, ImageStoreSchema.PurgeAfter) is { } purgeAfter ? ParseTime(purgeAfter) : null,
        ThumbnailSizes = item.TryGetValue(ImageAttributes.ThumbnailSizes, out var sizes) && sizes.L is { } list
            ? [.. list.Select(size => int.Parse(size.N, CultureInfo.InvariantCulture))]
            : [],
        Capture = CaptureOf(item),
        OnTimeline = item.ContainsKey(ImageStoreSchema.TakenTime),
    };

    /// <summary>The attributes that hold <paramref name="capture"/>, only those it knows; none for null.</summary>
    public static Dictionary<string, AttributeValue> CaptureAttributes(CaptureMetadata? capture)
    {
        var item = new Dictionary<string, AttributeValue>();
        if (capture is null) return item;
        if (capture.LocalTime is { } local) item[ImageAttributes.CaptureLocalTime] = new AttributeValue { S = CaptureMetadata.FormatLocal(local) };
        if (capture.LocalTime is not null && capture.Offset is { } offset) item[ImageAttributes.CaptureOffsetMinutes] = Number((long)offset.TotalMinutes);
        if (capture.TimelineTime is { } taken) item[ImageStoreSchema.TakenTime] = new AttributeValue { S = FormatTime(taken) };
        if (capture.CameraMake is not null) item[ImageAttributes.CameraMake] = new AttributeValue { S = capture.CameraMake };
        if (capture.CameraModel is not null) item[ImageAttributes.CameraModel] = new AttributeValue { S = capture.CameraModel };
        if (capture.Lens is not null) item[ImageAttributes.Lens] = new AttributeValue { S = capture.Lens };
        if (capture.Orientation is { } orientation) item[ImageAttributes.Orientation] = Number(orientation);
        if (capture.Location is { } location)
        {
            item[ImageAttributes.LocationLatitude] = new AttributeValue { N = location.Latitude.ToString("R", CultureInfo.InvariantCulture) };
            item[ImageAttributes.LocationLongitude] = new AttributeValue { N = location.Longitude.ToString("R", CultureInfo.InvariantCulture) };
        }
        return item;
    }

    // Written by CaptureAttributes; anything else (an attribute of the wrong type or shape) reads as unknown, never as an error.
    private static CaptureMetadata? CaptureOf(Dictionary<string, AttributeValue> item)
    {
        var local = StringOrNull(item, ImageAttributes.CaptureLocalTime) is { } text
                    && DateTime.TryParseExact(text, CaptureTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Unspecified)
            : (DateTime?)null;
        var capture = new CaptureMetadata
        {
            LocalTime = local,
            Offset = local is not null && IntOrNullSafe(item, ImageAttributes.CaptureOffsetMinutes) is { } minutes and >= -14 * 60 and <= 14 * 60
                ? TimeSpan.FromMinutes(minutes)
                : null,
            CameraMake = StringOrNull(item, ImageAttributes.CameraMake),
            CameraModel = StringOrNull(item, ImageAttributes.CameraModel),
            Lens = StringOrNull(item, ImageAttributes.Lens),
            Orientation = IntOrNullSafe(item, ImageAttributes.Orientation),
            Location = DoubleOrNull(item, ImageAttributes.LocationLatitude) is { } latitude && DoubleOrNull(item, ImageAttributes.LocationLongitude) is { } longitude
                ? new GeoPosition(latitude, longitude)
                : null,
        };
        return capture.IsEmpty ? null : capture;
    }

    private static readonly string[] CaptureTimeFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss"];

    private static int? IntOrNullSafe(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && int.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static double? DoubleOrNull(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && double.TryParse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? n
            : null;

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Numbers(IEnumerable<int> values) => new() { L = [.. values.Select(value => Number(value))] };

    private static int? IntOrNull(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : null;

    // Ours are all in TimeFormat, and the exact parse is several times cheaper; the original service's ISO 8601 variants
    // take the general parse.
    public static DateTime ParseTime(string text) =>
        DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, UtcStyles, out var time)
            ? time
            : DateTime.Parse(text, CultureInfo.InvariantCulture, UtcStyles);

    private const DateTimeStyles UtcStyles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    private static string? StringOrNull(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    // Written by us as a list; records of the original service may hold a string set.
    private static List<string> TagsOf(AttributeValue value) =>
        value.L is { } list ? [.. list.Select(v => v.S).OfType<string>()] : value.SS ?? [];
}
