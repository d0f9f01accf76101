namespace CloudImageService.Http.Contracts;

/// <summary>A presigned URL to GET the image bytes.</summary>
public sealed record DownloadResponse(string ImageId, Uri DownloadUrl, DateTime ExpiresAt, string ContentType);
