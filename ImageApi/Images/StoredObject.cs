namespace CloudImageService.Images;

/// <summary>What storage says of an object: its length, the type it was stored as, and its ETag.</summary>
public sealed record StoredObject(long Length, string? ContentType, string? ETag);
