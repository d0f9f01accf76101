namespace CloudImageService.Images;

/// <summary>What the HTTP handlers read and create; confirmation and deletion go through <see cref="IImageStore"/>.</summary>
public interface IImageCatalog
{
    Task CreateAsync(ImageRecord record, CancellationToken cancellationToken);

    Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken);

    /// <summary>The records of these images that exist, by id, read as consistently as <see cref="FindAsync"/> in a call per 100.</summary>
    Task<IReadOnlyDictionary<string, ImageRecord>> FindManyAsync(IReadOnlyCollection<string> imageIds, CancellationToken cancellationToken);

    Task<ImagePage> ListAsync(ImageListRequest request, DateTime now, CancellationToken cancellationToken);

    /// <summary>An available image of this user with these bytes (lowercase hex SHA-256), or null.</summary>
    Task<ImageRecord?> FindAvailableByHashAsync(string userId, string sha256, CancellationToken cancellationToken);

    /// <summary>A position (last key) the store returns for this listing; other cursors are refused.</summary>
    bool IsListingPosition(ImageListFilter filter, IReadOnlyDictionary<string, string> lastKey);
}
