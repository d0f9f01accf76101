namespace CloudImageService.Images;

/// <summary>
/// An upload after its stage step: its bytes read once into a local copy, hashed and checked against what was
/// declared, and a decode thread taken and waiting. Nothing is decoded until <see cref="DecodeAndPublishAsync"/>;
/// disposing it lets the thread go and deletes the local copy.
/// </summary>
public interface IStagedUpload : IAsyncDisposable
{
    /// <summary>
    /// What ended the run before any decode (nothing uploaded, refused by its declaration or checksum, no decode thread
    /// free in time); null when a decode thread waits for <see cref="DecodeAndPublishAsync"/>.
    /// </summary>
    PublishOutcome? Ended { get; }

    /// <summary>Decodes on the waiting thread, then publishes: the copy to the final key and the thumbnails.</summary>
    Task<PublishOutcome> DecodeAndPublishAsync(CancellationToken cancellationToken);
}
