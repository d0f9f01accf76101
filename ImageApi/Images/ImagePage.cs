namespace CloudImageService.Images;

public sealed record ImagePage(IReadOnlyList<ImageRecord> Items, PageCursor? Next);
