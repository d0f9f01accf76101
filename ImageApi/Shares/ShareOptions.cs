using System.ComponentModel.DataAnnotations;

namespace CloudImageService.Shares;

/// <summary>Public links to a set of images. Section "Shares".</summary>
public sealed class ShareOptions
{
    public const string SectionName = "Shares";

    /// <summary>How long a link works when its creator names no expiry (Immich's common choice: a week).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest expiry a creator may ask for.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many images one link may hold.</summary>
    [Range(1, 1000)]
    public int MaxImages { get; set; } = 100;

    /// <summary>Longest title, in characters.</summary>
    [Range(1, 1000)]
    public int MaxTitleLength { get; set; } = 200;

    /// <summary>
    /// How long an expired or revoked link keeps answering 410 Gone (rather than 404) before DynamoDB's TTL removes it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan KeepEndedLinks { get; set; } = TimeSpan.FromDays(30);
}
