namespace CloudImageService.Http.Contracts;

/// <summary>Presigned URLs for some parts of a multipart upload.</summary>
public sealed record PartUrlsResponse(string ImageId, DateTime ExpiresAt, IReadOnlyList<PartUrl> Parts);
