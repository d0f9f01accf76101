using System.ComponentModel.DataAnnotations;

namespace CloudImageService.Ingest;

/// <summary>Section "Ingest": what confirmation checks and derives, and what it may spend doing it.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Decompression-bomb guard: width × height of the primary image, checked on the header.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Frames (GIF, WebP) or pages (TIFF, HEIF) a file may declare; only the first is decoded.</summary>
    [Range(1, 10_000)]
    public int MaxPages { get; set; } = 100;

    /// <summary>
    /// Memory one decode may hold, in bytes. 0: derived from the process's memory limit (see <see cref="DecodeBudget"/>).
    /// </summary>
    [Range(0, 64L * 1024 * 1024 * 1024)]
    public long DecodeMemoryBytes { get; set; }

    /// <summary>What the API keeps for itself when the decode budget is derived from the memory limit.</summary>
    [Range(0, 64L * 1024 * 1024 * 1024)]
    public long ReservedMemoryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Decodes running at once, each on its own thread. 0: one per processor the process may use.</summary>
    [Range(0, 64)]
    public int MaxConcurrentDecodes { get; set; }

    /// <summary>Confirmations waiting for a decode thread; past this a confirmation answers 503 before reading any byte.</summary>
    [Range(0, 1000)]
    public int MaxQueuedConfirmations { get; set; } = 8;

    /// <summary>Confirmations one caller may have running at once; more answer 429.</summary>
    [Range(1, 100)]
    public int MaxConfirmationsPerCaller { get; set; } = 2;

    /// <summary>Longest a decode may run (on the deployed task's CPU); past it libvips is stopped and the image refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Longest a confirmation waits for a decode thread. Past it the confirmation answers 503 with Retry-After: no
    /// verdict, nothing deleted, no decode attempt charged. Waiting does not count against <see cref="DecodeTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Decode attempts that may end without a verdict (the process died) before the image is rejected for good.</summary>
    [Range(1, 10)]
    public int MaxDecodeAttempts { get; set; } = 2;

    /// <summary>Where originals are spooled while they are verified. Null: the system's temporary directory.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>Longest edge of each thumbnail, in pixels.</summary>
    [MinLength(1)]
    public int[] ThumbnailSizes { get; set; } = [256, 1024];

    [Range(1, 100)]
    public int ThumbnailQuality { get; set; } = 80;

    /// <summary>How long an object may stay under the staging prefix where the bucket has no lifecycle rule (s3rver).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StagingRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Keep the GPS position a photo records (shown only to its owner). Off: the position is never read into the record;
    /// the original file keeps its own metadata either way.
    /// </summary>
    public bool KeepLocation { get; set; }

    public int DecodeThreads => MaxConcurrentDecodes > 0 ? MaxConcurrentDecodes : Math.Max(1, Environment.ProcessorCount);
}
