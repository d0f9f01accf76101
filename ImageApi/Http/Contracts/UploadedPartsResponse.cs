namespace CloudImageService.Http.Contracts;

/// <summary>What storage holds of a multipart upload: resume by sending only the missing parts.</summary>
public sealed record UploadedPartsResponse(string ImageId, long PartSize, int PartCount, IReadOnlyList<UploadedPartResponse> Parts);
