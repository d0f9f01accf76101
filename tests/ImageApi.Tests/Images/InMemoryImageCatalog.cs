using CloudImageService.Images;
using CloudImageService.Storage.DynamoDb;
using CloudImageService.Storage.Schema;

namespace ImageApi.Tests.Images;

/// <summary>What the handlers read and create, over the records of an <see cref="InMemoryImageStore"/>; listings page as the table's do.</summary>
internal sealed class InMemoryImageCatalog(InMemoryImageStore store) : IImageCatalog
{
    public Task CreateAsync(ImageRecord record, CancellationToken cancellationToken) =>
        store.TryAdd(record) ? Task.CompletedTask : throw new InvalidOperationException($"Image {record.ImageId} exists already.");

    public Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken) => Task.FromResult(store[imageId]);

    public Task<IReadOnlyDictionary<string, ImageRecord>> FindManyAsync(IReadOnlyCollection<string> imageIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, ImageRecord>>(
            imageIds.Distinct().Select(id => store[id]).OfType<ImageRecord>().ToDictionary(record => record.ImageId));

    public Task<ImagePage> ListAsync(ImageListRequest request, DateTime now, CancellationToken cancellationToken)
    {
        var filter = request.Filter;
        var listed = store.Records
            .Where(record => (filter.Trashed ? record.IsTrashed : IsVisible(record, now)) && Matches(record, filter))
            .OrderByDescending(record => TimeOf(record, filter))
            .ThenBy(record => record.ImageId, StringComparer.Ordinal)
            .ToList();
        var start = request.Cursor is { } cursor ? listed.FindIndex(record => record.ImageId == cursor.LastKey[ImageStoreSchema.ImageId]) + 1 : 0;
        var page = listed.Skip(start).Take(request.PageSize).ToList();
        var next = start + page.Count < listed.Count ? new PageCursor(filter, PositionOf(page[^1], filter)) : null;
        return Task.FromResult(new ImagePage(page, next));
    }

    public Task<ImageRecord?> FindAvailableByHashAsync(string userId, string sha256, CancellationToken cancellationToken) =>
        Task.FromResult(store.Records
            .Where(record => record.UserId == userId && record.Sha256 == sha256 && record.Status == ImageStatus.Available)
            .MaxBy(record => record.UploadTime));

    public bool IsListingPosition(ImageListFilter filter, IReadOnlyDictionary<string, string> lastKey) =>
        ImageRepository.IsListingPosition(filter, lastKey);

    private static bool IsVisible(ImageRecord record, DateTime now) =>
        record.Status is ImageStatus.Available or ImageStatus.Pending && !(record.UploadExpiresAt <= now);

    private static bool Matches(ImageRecord record, ImageListFilter filter) =>
        (filter.UserId is null || record.UserId == filter.UserId)
        && (filter.Tag is null || record.Tags.Contains(filter.Tag))
        && !(TimeOf(record, filter) < filter.From) && !(TimeOf(record, filter) > filter.To);

    private static DateTime TimeOf(ImageRecord record, ImageListFilter filter) =>
        filter.Order == ImageOrder.Taken ? record.TimelineTime : record.UploadTime;

    private static Dictionary<string, string> PositionOf(ImageRecord record, ImageListFilter filter) => filter.UserId is null
        ? new() { [ImageStoreSchema.ImageId] = record.ImageId }
        : new()
        {
            [ImageStoreSchema.ImageId] = record.ImageId,
            [ImageStoreSchema.UserId] = record.UserId,
            [filter.Order == ImageOrder.Taken ? ImageStoreSchema.TakenTime : ImageStoreSchema.UploadTime] =
                ImageItemMapper.FormatTime(TimeOf(record, filter)),
        };
}
