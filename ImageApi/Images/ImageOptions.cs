using System.ComponentModel.DataAnnotations;

namespace CloudImageService.Images;

/// <summary>Limits and lifetimes of the images API. Section "Images".</summary>
public sealed class ImageOptions
{
    public const string SectionName = "Images";

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan UploadUrlExpiry { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan DownloadUrlExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Download and thumbnail URLs are signed at the start of this window, so they stay the same (and browser-cacheable)
    /// throughout it, and last <see cref="DownloadUrlExpiry"/> after it ends; zero signs every URL at now.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan UrlSigningWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether an upload request must declare <c>size_bytes</c>, so every upload URL signs its exact length. Off keeps the
    /// original service's unsized request (its URL signs no length; verification still bounds what is accepted); the
    /// deployed stack turns it on, so no URL it hands out accepts up to S3's 5 GB.
    /// </summary>
    public bool RequireDeclaredSize { get; set; }

    /// <summary>Largest accepted image (default 20 MiB).</summary>
    [Range(1, 5L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest image uploaded in parts (default 256 MiB); ingest's memory budget, not this, bounds what confirming it holds.</summary>
    [Range(5L * 1024 * 1024, 50L * 1024 * 1024 * 1024)]
    public long MaxMultipartUploadBytes { get; set; } = 256 * 1024 * 1024;

    /// <summary>The largest upload accepted in one way or the other: what a stored original may weigh.</summary>
    public long LargestUploadBytes => Math.Max(MaxUploadBytes, MaxMultipartUploadBytes);

    /// <summary>The largest upload accepted the way it was made (in parts or in one PUT).</summary>
    public long MaxBytesOf(bool multipart) => multipart ? LargestUploadBytes : MaxUploadBytes;

    /// <summary>Length of every part but the last (default 8 MiB; S3 needs at least 5 MiB and at most 10,000 parts).</summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024)]
    public long MultipartPartSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long a multipart upload stays open for its parts (and resumes); part URLs last <see cref="UploadUrlExpiry"/> each.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "20:00:00")]
    public TimeSpan MultipartUploadExpiry { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often each instance looks for pending uploads whose window has closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Extra time after an upload URL expires for a PUT that started just before to finish.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UploadGracePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a rejected record stays (for GET to explain why) before DynamoDB TTL purges it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan RejectedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long a deleted image stays in the trash (restorable, its bytes kept) before the sweeper purges it; zero keeps
    /// the original service's delete, gone at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan TrashRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Every type the service knows (uploads accept those the loaded libvips decodes); configure a subset to accept fewer.</summary>
    [MinLength(1)]
    public string[] AllowedContentTypes { get; set; } = [.. ImageContentTypes.Known];

    [Range(1, 256)]
    public int MaxUserIdLength { get; set; } = 128;

    [Range(0, 100)]
    public int MaxTags { get; set; } = 20;

    [Range(1, 256)]
    public int MaxTagLength { get; set; } = 64;

    [Range(0, 10_000)]
    public int MaxDescriptionLength { get; set; } = 1000;

    /// <summary>Page size when the caller gives no limit: large, so clients that never follow Link still get everything typical.</summary>
    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 1000;

    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>
    /// DynamoDB pages one listing may read. A filter that matches little would otherwise read a whole partition per
    /// call; past this budget the answer holds what was found so far and a Link to continue.
    /// </summary>
    [Range(1, 100)]
    public int MaxStoragePagesPerList { get; set; } = 4;
}
