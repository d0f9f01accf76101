namespace CloudImageService.Http.Contracts;

public sealed record MessageResponse(string Message);
