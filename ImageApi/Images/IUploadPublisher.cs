namespace CloudImageService.Images;

/// <summary>
/// Turns a staged upload into published bytes and thumbnails, or says why not, in two steps: <see cref="StageAsync"/>,
/// then <see cref="IStagedUpload.DecodeAndPublishAsync"/>. Confirmation records the decode attempt between them. It
/// deletes nothing.
/// </summary>
public interface IUploadPublisher
{
    /// <summary>Assembles a multipart upload's parts, reads the staged bytes to a local copy while hashing them, checks them, and waits for a decode thread.</summary>
    Task<IStagedUpload> StageAsync(ImageRecord record, CancellationToken cancellationToken);
}
