// Constants the page's modules share.

/** Longest edge of the thumbnails the grid and the upload list show (one of the server's Ingest:ThumbnailSizes). */
export const THUMBNAIL_SIZE = 256;

/** Images per listing page. */
export const PAGE_SIZE = 24;
