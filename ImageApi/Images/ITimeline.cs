namespace CloudImageService.Images;

/// <summary>Where records sit on their owner's timeline (the listing by when photos were taken).</summary>
public interface ITimeline
{
    /// <summary>
    /// Places a record written before the timeline existed: its capture metadata (when the original says anything)
    /// and its <see cref="ImageRecord.TimelineTime"/>. False when the record is gone or was placed meanwhile.
    /// </summary>
    Task<bool> PlaceAsync(string imageId, CaptureMetadata? capture, DateTime timelineTime, CancellationToken cancellationToken);
}
