namespace CloudImageService.Images;

public sealed record ImageListRequest(ImageListFilter Filter, int PageSize, PageCursor? Cursor, int MaxStoragePages = 4);
