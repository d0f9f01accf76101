using System.Collections.Concurrent;
using CloudImageService.Images;

namespace ImageApi.Tests.Images;

/// <summary>Multipart uploads that hold the parts a test puts in them; an upload never started is gone, as S3 says.</summary>
internal sealed class InMemoryMultipartUploads : IMultipartUploads
{
    private readonly ConcurrentDictionary<(string Key, string UploadId), ConcurrentBag<UploadedPart>> _uploads = new();

    public Task<string> StartAsync(string key, string contentType, bool checksummedParts, CancellationToken cancellationToken)
    {
        var uploadId = Guid.NewGuid().ToString("N");
        _uploads[(key, uploadId)] = [];
        return Task.FromResult(uploadId);
    }

    public void Store(string key, string uploadId, UploadedPart part) => _uploads[(key, uploadId)].Add(part);

    public Task<IReadOnlyList<UploadedPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UploadedPart>?>(
            _uploads.TryGetValue((key, uploadId), out var parts) ? [.. parts.OrderBy(part => part.PartNumber)] : null);

    public Task<bool> CompleteMultipartAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken) =>
        Task.FromResult(_uploads.TryRemove((key, uploadId), out _));
}
