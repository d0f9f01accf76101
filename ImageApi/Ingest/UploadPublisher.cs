using CloudImageService.Images;
using CloudImageService.Storage;
using CloudImageService.Storage.S3;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>
/// Turns a staged upload into a published image. The staged object is read once, pinned to the ETag its description
/// gave (a later PUT to the upload URL cannot slip in), streamed to a local file while it is hashed, and decoded and
/// thumbnailed from there. Only once verified is that same content copied server-side to the final key, which no
/// client URL can write, with our metadata in place of the uploader's: a refused upload never writes <c>images/</c>,
/// so a versioned bucket keeps no version of it there. It deletes nothing: removing what a refused upload left is the
/// confirmation's job. Each storage call has the ordinary request budget: the long confirmation budget is for reading
/// and decoding, not for waiting on a storage that does not answer. The copy and the multipart completion are the
/// exceptions: S3 answers them only once it has worked through the whole object, so they have the confirmation budget
/// (and attempts of <see cref="StorageOptions.CopyTimeout"/>).
/// </summary>
public sealed class UploadPublisher(
    ImageObjects objects,
    ImageProcessor processor,
    ThumbnailWriter thumbnails,
    IOptions<ImageOptions> options,
    IOptions<IngestOptions> ingestOptions,
    IOptions<StorageOptions> storageOptions,
    TimeProvider clock) : IUploadPublisher
{
    private readonly ImageOptions _limits = options.Value;
    private readonly string _workDirectory = PrepareWorkDirectory(ingestOptions.Value.WorkDirectory ?? Path.GetTempPath(), clock);
    private readonly TimeSpan _stepBudget = storageOptions.Value.RequestBudget;

    public async Task<PublishOutcome> PublishAsync(ImageRecord record, BeforeDecode beforeDecode, CancellationToken cancellationToken)
    {
        // Records of the original service have no staging key: their bytes went straight to the final key.
        var source = record.StagingKey ?? record.ObjectKey;
        var staged = await StepAsync(token => objects.DescribeAsync(source, token), cancellationToken)
                     ?? await AssemblePartsAsync(record, cancellationToken);
        if (staged is null) return new PublishOutcome.NotUploaded();

        if (CheckDeclaration(record, staged) is { } refused) return refused;

        var verdict = await VerifyAsync(record, source, staged, beforeDecode, cancellationToken);
        if (verdict is not Verified { Image: var image, Length: var length, Sha256: var sha256 }) return (PublishOutcome)verdict;

        var eTag = staged.ETag;
        if (source != record.ObjectKey)
        {
            eTag = await WholeObjectStepAsync(token => objects.CopyAsync(source, record.ObjectKey, record.ContentType, staged.ETag, token), cancellationToken);
            if (eTag is null) return Changed();
        }
        await StepAsync(token => thumbnails.PutAllAsync(record.ImageId, image.Thumbnails, token), cancellationToken);
        return new PublishOutcome.Published(new PublishedImage(
            length, eTag, image.Width, image.Height, image.Format, sha256,
            [.. image.Thumbnails.Select(thumbnail => thumbnail.Size)], image.Placeholder, thumbnails.Recipe));
    }

    /// <summary>What a verification found: a <see cref="PublishOutcome"/> that ends the run, or an image to publish.</summary>
    private sealed record Verified(ProcessedImage.Valid Image, long Length, string Sha256);

    private async Task<object> VerifyAsync(
        ImageRecord record, string source, StoredObject staged, BeforeDecode beforeDecode, CancellationToken cancellationToken)
    {
        var verdict = await objects.ReadAsync<object>(source, staged.ETag, async (read, body) =>
        {
            if (CheckDeclaration(record, read) is { } refused) return refused;
            await using var original = await SpooledOriginal.CopyAsync(body, _workDirectory, MaxBytes(record), cancellationToken);
            if (original is null) return TooLarge(record, read.Length);
            if (record.DeclaredSha256 is { } declared && declared != original.Sha256)
            {
                return new PublishOutcome.Refused(
                    $"The uploaded bytes have SHA-256 {original.Sha256} but {declared} was declared.", RefusalReasons.Checksum);
            }

            return await processor.ProcessAsync(original.Path, record.ContentType, beforeDecode, cancellationToken) switch
            {
                ProcessedImage.Valid valid => new Verified(valid, original.Length, original.Sha256),
                ProcessedImage.Invalid invalid => new PublishOutcome.Refused(invalid.Reason, invalid.Kind),
                ProcessedImage.Busy busy => new PublishOutcome.Busy(busy.Reason),
                _ => throw new InvalidOperationException("Unknown processing outcome."),
            };
        }, cancellationToken);
        return verdict ?? Changed();
    }

    // The staged object went or was replaced between its description and its use: a new upload to look at afresh.
    private static PublishOutcome.Busy Changed() => new("The upload changed while it was being verified.");

    private async Task StepAsync(Func<CancellationToken, Task> step, CancellationToken cancellationToken) =>
        await StepAsync(async token => { await step(token); return true; }, cancellationToken);

    private Task<T> StepAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken) =>
        StepAsync(step, _stepBudget, cancellationToken);

    /// <summary>A step in which S3 works through the whole object: it may take what is left of the confirmation budget.</summary>
    private static Task<T> WholeObjectStepAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken) =>
        StepAsync(step, Timeout.InfiniteTimeSpan, cancellationToken);

    private static async Task<T> StepAsync<T>(Func<CancellationToken, Task<T>> step, TimeSpan stepBudget, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(stepBudget);
        try
        {
            return await step(budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Storage did not answer within {stepBudget.TotalSeconds:0.#} s.");
        }
    }

    private static string PrepareWorkDirectory(string directory, TimeProvider clock)
    {
        SpooledOriginal.DeleteStale(directory, clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(1));
        return directory;
    }

    /// <summary>
    /// A multipart upload whose parts are all stored is assembled into the staged object (ListParts, then
    /// CompleteMultipartUpload with what storage listed, so clients never handle ETags); null while parts are missing.
    /// An upload that is gone may have been completed by an attempt whose answer was lost (the SDK then retried):
    /// whether the staged object exists decides.
    /// </summary>
    private async Task<StoredObject?> AssemblePartsAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        if (record is not { MultipartUploadId: { } uploadId, StagingKey: { } staging }) return null;
        var parts = await StepAsync(token => objects.ListPartsAsync(staging, uploadId, token), cancellationToken);
        var complete = parts is not null && parts.Count == record.PartCount
                       && parts.All(part => part.SizeBytes == record.PartLength(part.PartNumber));
        if (!complete) return null;
        await WholeObjectStepAsync(token => objects.CompleteMultipartAsync(staging, uploadId, parts!, token), cancellationToken);
        return await StepAsync(token => objects.DescribeAsync(staging, token), cancellationToken);
    }

    private long MaxBytes(ImageRecord record) =>
        _limits.MaxBytesOf(record.IsMultipart);

    private PublishOutcome.Refused TooLarge(ImageRecord record, long length) =>
        new($"The uploaded file has {length} bytes; at most {MaxBytes(record)} are accepted.", RefusalReasons.TooLarge);

    private PublishOutcome.Refused? CheckDeclaration(ImageRecord record, StoredObject stored)
    {
        if (stored.Length < 1)
            return new("The uploaded file is empty.", RefusalReasons.Declaration);
        if (stored.Length > MaxBytes(record))
            return TooLarge(record, stored.Length);
        if (record.SizeBytes is { } declared && declared != stored.Length)
            return new($"The uploaded file has {stored.Length} bytes but {declared} were declared.", RefusalReasons.Declaration);
        if (!string.Equals(stored.ContentType, record.ContentType, StringComparison.OrdinalIgnoreCase))
            return new($"The upload was stored as '{stored.ContentType}' but '{record.ContentType}' was declared.", RefusalReasons.Declaration);
        return null;
    }
}
