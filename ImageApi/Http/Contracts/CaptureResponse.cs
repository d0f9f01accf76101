using System.ComponentModel;
using System.Text.Json.Serialization;
using CloudImageService.Images;

namespace CloudImageService.Http.Contracts;

/// <summary>When, with what and where a photo was taken, as its EXIF says; every field is absent when unknown.</summary>
public sealed record CaptureResponse
{
    [Description(
        "When the photo was taken, ISO 8601: with its offset from UTC when the file records one (2019-07-04T18:30:12.34+02:00), "
        + "otherwise the camera's local time alone (2019-07-04T18:30:12), never a guess.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TakenAt { get; init; }

    [Description("Whether taken_at carries the offset the file recorded; false: the local time is known, its zone is not.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? OffsetKnown { get; init; }

    [Description("The camera's wall-clock time, ISO 8601 without offset.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LocalTime { get; init; }

    [Description("Offset from UTC, +hh:mm or -hh:mm, when the file records one.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Offset { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CameraMake { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CameraModel { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Lens { get; init; }

    [Description("EXIF orientation, 1–8 (1: upright); thumbnails already have it applied.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Orientation { get; init; }

    [Description("Where it was taken: only to the owner, and only when the service keeps locations (Ingest:KeepLocation).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocationResponse? Location { get; init; }

    public static CaptureResponse From(CaptureMetadata capture, bool showLocation) => new()
    {
        TakenAt = capture.TakenAtText,
        OffsetKnown = capture.LocalTime is null ? null : capture.Offset is not null,
        LocalTime = capture.LocalTime is { } local ? CaptureMetadata.FormatLocal(local) : null,
        Offset = capture.LocalTime is not null && capture.Offset is { } offset ? CaptureMetadata.FormatOffset(offset) : null,
        CameraMake = capture.CameraMake,
        CameraModel = capture.CameraModel,
        Lens = capture.Lens,
        Orientation = capture.Orientation,
        Location = showLocation && capture.Location is { } location ? new LocationResponse(location.Latitude, location.Longitude) : null,
    };
}
