using System.ComponentModel.DataAnnotations;

namespace CloudImageService.Ingest;

/// <summary>Section "Ingest": what confirmation checks and derives.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Decompression-bomb guard: checked on the header, before any pixel is decoded.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Longest edge of each thumbnail, in pixels.</summary>
    [MinLength(1)]
    public int[] ThumbnailSizes { get; set; } = [256, 1024];

    [Range(1, 100)]
    public int ThumbnailQuality { get; set; } = 80;

    /// <summary>How long an object may stay under the staging prefix where the bucket has no lifecycle rule (s3rver).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StagingRetention { get; set; } = TimeSpan.FromDays(1);

    public bool IsThumbnailSize(int size) => ThumbnailSizes.Contains(size);
}
