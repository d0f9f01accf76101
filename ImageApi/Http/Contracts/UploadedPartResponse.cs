namespace CloudImageService.Http.Contracts;

public sealed record UploadedPartResponse(int PartNumber, long SizeBytes, string ETag);
