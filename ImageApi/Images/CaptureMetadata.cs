using System.Globalization;

namespace CloudImageService.Images;

/// <summary>
/// What the file says about when and with what it was taken, read once at ingest (EXIF), already cleaned: every field
/// is null when the file does not say or says something that cannot be true. Never derived from the upload.
/// </summary>
public sealed record CaptureMetadata
{
    /// <summary>The camera's wall-clock time when the photo was taken (sub-seconds included), of no zone.</summary>
    public DateTime? LocalTime { get; init; }

    /// <summary>The offset from UTC of <see cref="LocalTime"/>, when the file records one; null means unknown, not UTC.</summary>
    public TimeSpan? Offset { get; init; }

    public string? CameraMake { get; init; }

    public string? CameraModel { get; init; }

    public string? Lens { get; init; }

    /// <summary>EXIF orientation, 1–8 (1: upright); the thumbnails already have it applied.</summary>
    public int? Orientation { get; init; }

    /// <summary>Where it was taken; only kept when Ingest:KeepLocation is on, and shown only to the owner.</summary>
    public GeoPosition? Location { get; init; }

    /// <summary>The instant it was taken; only when the offset is known.</summary>
    public DateTimeOffset? TakenAt =>
        LocalTime is { } local && Offset is { } offset ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset) : null;

    /// <summary>
    /// Where the photo sorts among others, in UTC: the instant when the offset is known, the camera's local time read as
    /// UTC otherwise (at most 14 hours off, and exactly right among photos of one camera).
    /// </summary>
    public DateTime? TimelineTime => TakenAt is { } instant
        ? instant.UtcDateTime
        : LocalTime is { } local ? DateTime.SpecifyKind(local, DateTimeKind.Utc) : null;

    /// <summary>ISO 8601: with its offset when known (2019-07-04T18:30:12.34+02:00), the local time alone otherwise.</summary>
    public string? TakenAtText => LocalTime is { } local
        ? FormatLocal(local) + (Offset is { } offset ? FormatOffset(offset) : "")
        : null;

    /// <summary>Nothing known: such a record is not stored.</summary>
    public bool IsEmpty => LocalTime is null && CameraMake is null && CameraModel is null && Lens is null && Orientation is null && Location is null;

    /// <summary>The capture without the place it was taken, for anyone but the owner.</summary>
    public CaptureMetadata WithoutLocation() => Location is null ? this : this with { Location = null };

    /// <summary>yyyy-MM-ddTHH:mm:ss, with as many fraction digits as it has (up to 7).</summary>
    public static string FormatLocal(DateTime local) =>
        local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    /// <summary>+hh:mm or -hh:mm.</summary>
    public static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}

/// <summary>A position in decimal degrees (WGS 84, as GPS records it).</summary>
public sealed record GeoPosition(double Latitude, double Longitude);
