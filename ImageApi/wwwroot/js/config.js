// Constants the page's modules share.

/** Longest edge of the thumbnails the grid and the upload list show (one of the server's Ingest:ThumbnailSizes). */
export const THUMBNAIL_SIZE = 256;

/** The variants the viewer chooses from (srcset): the grid's thumbnail, already cached, and the 1024 px one. */
export const VIEWER_SIZES = [THUMBNAIL_SIZE, 1024];

/** Images per listing page. */
export const PAGE_SIZE = 24;

/** Files larger than this go up in parts (resumable); smaller ones in one PUT. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;

/**
 * The server's default part size (Images:MultipartPartSize): part checksums are computed with it while the whole file
 * is hashed, and used when the server's part_size agrees (otherwise computed again per part).
 */
export const EXPECTED_PART_SIZE = 8 * 1024 * 1024;

/** Parts of one file on their way at once. */
export const PARALLEL_PARTS = 4;

/** Parts signed per call (the API takes up to 100; each needs its checksum first, so ask for a few at a time). */
export const PARTS_SIGNED_PER_CALL = 8;

/**
 * Waits before each attempt of a call worth repeating (a PUT to storage, a part's or a whole file's; listing the stored
 * parts), in milliseconds: the first at once, then three retries (as Uppy does).
 */
export const RETRY_DELAYS = [0, 1000, 3000, 5000];
