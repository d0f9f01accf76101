using CloudImageService.Images;
using Microsoft.Extensions.Options;

namespace CloudImageService.Ingest;

/// <summary>
/// Turns a staged upload into a published image, in two steps with the confirmation recording the decode attempt
/// between them: <see cref="StageAsync"/> (assemble, read, hash, check, take a decode thread), then
/// <see cref="IStagedUpload.DecodeAndPublishAsync"/> (decode, copy, thumbnails). The staged object is read once, pinned to the ETag its description
/// gave (a later PUT to the upload URL cannot slip in), streamed to a local file while it is hashed, and decoded and
/// thumbnailed from there. Only once verified is that same content copied server-side to the final key, which no
/// client URL can write, with our metadata in place of the uploader's: a refused upload never writes <c>images/</c>,
/// so a versioned bucket keeps no version of it there. It deletes nothing: removing what a refused upload left is the
/// confirmation's job. Each storage call has the ordinary request budget: the long confirmation budget is for reading
/// and decoding, not for waiting on a storage that does not answer. The copy and the multipart completion are the
/// exceptions: S3 answers them only once it has worked through the whole object, so they have the confirmation budget
/// (and attempts of <c>Storage:CopyTimeout</c>).
/// </summary>
public sealed class UploadPublisher(
    IImageBytes objects,
    IMultipartUploads multipart,
    ImageProcessor processor,
    ThumbnailWriter thumbnails,
    IOptions<ImageOptions> options,
    IOptions<IngestOptions> ingestOptions,
    IOptions<IngestFacts> facts,
    TimeProvider clock) : IUploadPublisher
{
    private readonly ImageOptions _limits = options.Value;
    private readonly string _workDirectory = PrepareWorkDirectory(ingestOptions.Value.WorkDirectory ?? Path.GetTempPath(), clock);
    private readonly TimeSpan _stepBudget = facts.Value.StepBudget;

    public async Task<IStagedUpload> StageAsync(ImageRecord record, CancellationToken cancellationToken)
    {
        // Records of the original service have no staging key: their bytes went straight to the final key.
        var source = record.StagingKey ?? record.ObjectKey;
        var staged = await StepAsync(token => objects.DescribeAsync(source, token), cancellationToken)
                     ?? await AssemblePartsAsync(record, cancellationToken);
        if (staged is null) return Ended(new PublishOutcome.NotUploaded());
        if (CheckDeclaration(record, staged) is { } refused) return Ended(refused);

        SpooledOriginal? original;
        using (var read = await objects.OpenAsync(source, staged.ETag, cancellationToken))
        {
            if (read is null) return Ended(Changed());
            if (CheckDeclaration(record, read.Description) is { } changed) return Ended(changed);
            original = await SpooledOriginal.CopyAsync(read.Body, _workDirectory, MaxBytes(record), cancellationToken);
            if (original is null) return Ended(TooLarge(record, read.Description.Length));
        }

        var upload = new Staged(this, record, source, staged, original);
        try
        {
            if (record.DeclaredSha256 is { } declared && declared != original.Sha256)
            {
                upload.End(new PublishOutcome.Refused(
                    $"The uploaded bytes have SHA-256 {original.Sha256} but {declared} was declared.", RefusalReasons.Checksum));
                return upload;
            }
            upload.Decode = await processor.TakeTurnAsync(original.Path, record.ContentType, cancellationToken);
            return upload;
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
    }

    private static Staged Ended(PublishOutcome outcome) => new(outcome);

    /// <summary>The local copy of an upload and the decode thread that waits for it; or why there is none.</summary>
    private sealed class Staged : IStagedUpload
    {
        private readonly UploadPublisher? _publisher;
        private readonly ImageRecord? _record;
        private readonly string? _source;
        private readonly StoredObject? _staged;
        private readonly SpooledOriginal? _original;
        private PublishOutcome? _ended;

        public Staged(PublishOutcome ended) => _ended = ended;

        public Staged(UploadPublisher publisher, ImageRecord record, string source, StoredObject staged, SpooledOriginal original)
        {
            (_publisher, _record, _source, _staged, _original) = (publisher, record, source, staged, original);
        }

        public DecodeTurn? Decode { get; set; }

        public PublishOutcome? Ended => _ended ?? Decode?.Ended switch
        {
            ProcessedImage.Invalid invalid => new PublishOutcome.Refused(invalid.Reason, invalid.Kind),
            ProcessedImage.Busy busy => new PublishOutcome.Busy(busy.Reason),
            _ => null,
        };

        public void End(PublishOutcome outcome) => _ended = outcome;

        public async Task<PublishOutcome> DecodeAndPublishAsync(CancellationToken cancellationToken)
        {
            if (Ended is not null || Decode is null) throw new InvalidOperationException("This upload has no decode waiting.");
            ProcessedImage processed;
            await using (_original)
            using (Decode)
            {
                processed = await Decode.DecodeAsync();
            }
            return processed switch
            {
                ProcessedImage.Valid valid => await _publisher!.PublishAsync(_record!, _source!, _staged!, valid, _original!, cancellationToken),
                ProcessedImage.Invalid invalid => new PublishOutcome.Refused(invalid.Reason, invalid.Kind),
                ProcessedImage.Busy busy => new PublishOutcome.Busy(busy.Reason),
                _ => throw new InvalidOperationException("Unknown processing outcome."),
            };
        }

        public async ValueTask DisposeAsync()
        {
            Decode?.Dispose();
            if (_original is not null) await _original.DisposeAsync();
        }
    }

    /// <summary>Verified: only now is the same content copied to the final key, and the thumbnails written.</summary>
    private async Task<PublishOutcome> PublishAsync(
        ImageRecord record, string source, StoredObject staged, ProcessedImage.Valid image, SpooledOriginal original, CancellationToken cancellationToken)
    {
        var eTag = staged.ETag;
        if (source != record.ObjectKey)
        {
            eTag = await WholeObjectStepAsync(token => objects.CopyAsync(source, record.ObjectKey, record.ContentType, staged.ETag, token), cancellationToken);
            if (eTag is null) return Changed();
        }
        await StepAsync(token => thumbnails.PutAllAsync(record.ImageId, image.Thumbnails, token), cancellationToken);
        return new PublishOutcome.Published(new PublishedImage(
            original.Length, eTag, image.Width, image.Height, image.Format, original.Sha256,
            [.. image.Thumbnails.Select(thumbnail => thumbnail.Size)], image.Placeholder, thumbnails.Recipe, image.Capture,
            VariantBytes: image.Thumbnails.Sum(thumbnail => (long)thumbnail.Bytes.Length)));
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
        var parts = await StepAsync(token => multipart.ListPartsAsync(staging, uploadId, token), cancellationToken);
        var complete = parts is not null && parts.Count == record.PartCount
                       && parts.All(part => part.SizeBytes == record.PartLength(part.PartNumber));
        if (!complete) return null;
        await WholeObjectStepAsync(token => multipart.CompleteMultipartAsync(staging, uploadId, parts!, token), cancellationToken);
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
