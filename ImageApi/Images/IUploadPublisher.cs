namespace CloudImageService.Images;

/// <summary>Turns a staged upload into published bytes and thumbnails, or says why not; it deletes nothing.</summary>
public interface IUploadPublisher
{
    Task<PublishOutcome> PublishAsync(ImageRecord record, BeforeDecode beforeDecode, CancellationToken cancellationToken);
}
