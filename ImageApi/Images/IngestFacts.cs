namespace CloudImageService.Images;

/// <summary>
/// What confirmation, deletion, sweeping and upload requests need to know of how ingest and storage are set up: the
/// confirmation budget, the decode attempts, the thumbnails and their recipe, the decodable types. Ingest and Storage
/// fill it in when they register (<c>AddImageIngest</c>, <c>AddImageStorage</c>), so the domain reads no other
/// feature's options.
/// </summary>
public sealed record IngestFacts
{
    /// <summary>How long one confirmation may run, end to end (<c>Storage:ConfirmBudget</c>).</summary>
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Decodes that may end without a verdict before an image is rejected (<c>Ingest:MaxDecodeAttempts</c>).</summary>
    public int MaxDecodeAttempts { get; set; } = 2;

    /// <summary>The thumbnails ingest publishes (<c>Ingest:ThumbnailSizes</c>): the sizes callers may ask for, and the objects a delete removes.</summary>
    public IReadOnlyList<int> ThumbnailSizes { get; set; } = [256, 1024];

    /// <summary>The thumbnail recipe ingest writes now (part of the thumbnails' keys).</summary>
    public string? VariantRecipe { get; set; }

    /// <summary>How long staged bytes stay where the bucket has no rule to expire them (<c>Ingest:StagingRetention</c>).</summary>
    public TimeSpan StagingRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The known types the loaded decoder reads: every upload is verified by decoding, so only these can succeed.</summary>
    public IReadOnlyList<string> DecodableContentTypes { get; set; } = ImageContentTypes.Known;

    public bool IsThumbnailSize(int size) => ThumbnailSizes.Contains(size);
}
