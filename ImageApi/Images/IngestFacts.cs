namespace CloudImageService.Images;

/// <summary>
/// What confirmation, deletion, sweeping and upload requests need to know of how ingest and storage are set up: the
/// confirmation budget, the decode attempts, the thumbnails and their recipe, the decodable types. It has no defaults
/// of its own: Ingest and Storage fill it in from their options when they register (<c>AddImageIngest</c>,
/// <c>AddImageStorage</c>), so each default is written once, in those options, and the domain reads no other
/// feature's options.
/// </summary>
public sealed record IngestFacts
{
    /// <summary>How long one confirmation may run, end to end (<c>Storage:ConfirmBudget</c>).</summary>
    public TimeSpan RunBudget { get; set; }

    /// <summary>How long one storage call of a confirmation may wait, retries included (<c>Storage:RequestBudget</c>).</summary>
    public TimeSpan StepBudget { get; set; }

    /// <summary>Decodes that may end without a verdict before an image is rejected (<c>Ingest:MaxDecodeAttempts</c>).</summary>
    public int MaxDecodeAttempts { get; set; }

    /// <summary>The thumbnails ingest publishes (<c>Ingest:ThumbnailSizes</c>): the sizes callers may ask for, and the objects a delete removes.</summary>
    public IReadOnlyList<int> ThumbnailSizes { get; set; } = [];

    /// <summary>The thumbnail recipe ingest writes now (part of the thumbnails' keys).</summary>
    public string? VariantRecipe { get; set; }

    /// <summary>How long staged bytes stay where the bucket has no rule to expire them (<c>Ingest:StagingRetention</c>).</summary>
    public TimeSpan StagingRetention { get; set; }

    /// <summary>The known types the loaded decoder reads: every upload is verified by decoding, so only these can succeed.</summary>
    public IReadOnlyList<string> DecodableContentTypes { get; set; } = [];

    public bool IsThumbnailSize(int size) => ThumbnailSizes.Contains(size);
}
