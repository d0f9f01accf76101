namespace CloudImageService.Images;

/// <summary>One part storage holds: its number, length, ETag and (when the upload checks them) SHA-256 in base64.</summary>
public sealed record UploadedPart(int PartNumber, long SizeBytes, string ETag, string? Sha256Base64 = null);
