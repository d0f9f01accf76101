// The gallery's calls to the /images API: a page of the listing, an image's download URL, delete. They fail with
// api.js's ApiError, whose 401 also reaches api.js's one handler for a refused token.

import { ApiError, call, currentUser, nextLink } from './api.js';
import { PAGE_SIZE, THUMBNAIL_SIZE, VIEWER_SIZES } from './config.js';

/**
 * The first page of the signed-in user's images that match `filters`, newest first (by upload, or on the timeline by
 * when each was taken, which the dates then bound), with thumbnail URLs.
 */
export function firstPageUrl({ tag, from, to, order }) {
  const query = new URLSearchParams({ user_id: currentUser(), limit: String(PAGE_SIZE), thumbnail_size: String(THUMBNAIL_SIZE) });
  if (tag) query.set('tag', tag);
  if (from) query.set('start_date', dayStart(from));
  if (to) query.set('end_date', dayEnd(to));
  if (order === 'taken') query.set('order', 'taken');
  return `/images?${query}`;
}

/** Local calendar days, sent as instants so the filter means the user's day, not UTC's. */
function dayStart(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

function dayEnd(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d, 23, 59, 59, 999).toISOString();
}

/** One page of the listing: its images, and the URL of the next page (null after the last). */
export async function fetchPage(url) {
  const { data, response } = await call(url, { operation: 'list' });
  return { images: Array.isArray(data) ? data : [], next: nextLink(response) };
}

/** One image's metadata, as the listing gives it. */
export async function fetchImage(imageId) {
  const { data } = await call(`/images/${encodeURIComponent(imageId)}`, { operation: 'download' });
  return data;
}

/**
 * The image's variants for the viewer's srcset, smallest first: `{ url, width }` in pixels. A size the image has no
 * variant of (made before thumbnails, 404) is left out; variants as wide as a smaller one (a small image is never
 * upscaled) too, since they hold the same pixels.
 */
export async function fetchVariants(image) {
  const variants = await Promise.all(VIEWER_SIZES.map(async size => {
    const url = size === THUMBNAIL_SIZE && image.thumbnail_url ? image.thumbnail_url : await fetchThumbnailUrl(image, size);
    return url && { url, width: variantWidth(image, size) };
  }));
  return variants.filter((variant, i) => variant && !variants.slice(0, i).some(smaller => smaller?.width === variant.width));
}

async function fetchThumbnailUrl(image, size) {
  try {
    const { data } = await call(`/images/${encodeURIComponent(image.image_id)}/thumbnail?size=${size}`, { operation: 'download' });
    return data.download_url;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** A variant's longest edge is `size`, or the original's when that is smaller. */
function variantWidth(image, size) {
  if (!(image.width > 0 && image.height > 0)) return size;
  return Math.round(image.width * Math.min(1, size / Math.max(image.width, image.height)));
}

/** A presigned URL of the original image, as uploaded. */
export async function fetchDownloadUrl(image) {
  const { data } = await call(`/images/${encodeURIComponent(image.image_id)}/download`, { operation: 'download' });
  return data.download_url;
}

/** Deletes an image: true, or false when it was gone already (404). */
export async function deleteImage(image) {
  try {
    await call(`/images/${encodeURIComponent(image.image_id)}`, { method: 'DELETE', operation: 'delete' });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

/** The signed-in user's trash, one page at a time: trashed images with `trashed_at`, `purge_at` and thumbnail URLs. */
export async function fetchTrashPage(url) {
  const first = new URLSearchParams({ user_id: currentUser(), trashed: 'true', limit: String(PAGE_SIZE), thumbnail_size: String(THUMBNAIL_SIZE) });
  return fetchPage(url ?? `/images?${first}`);
}

/** Brings a trashed image back: true, or false when it was no longer in the trash (404: restored or purged). */
export async function restoreImage(image) {
  try {
    await call(`/images/${encodeURIComponent(image.image_id)}/restore`, { method: 'POST', operation: 'delete' });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

/** Deletes an image for good, bytes and all: true, or false when it was gone already (404). */
export async function deleteForever(image) {
  try {
    await call(`/images/${encodeURIComponent(image.image_id)}?permanent=true`, { method: 'DELETE', operation: 'delete' });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

/** Empties the signed-in user's trash, calling again while the server says more remain; how many were deleted. */
export async function emptyTrash() {
  const query = new URLSearchParams({ trashed: 'true', user_id: currentUser() });
  let deleted = 0;
  for (let calls = 0; calls < 100; calls++) {
    const { data } = await call(`/images?${query}`, { method: 'DELETE', operation: 'delete' });
    deleted += data?.deleted_count ?? 0;
    if (!data?.more) break;
  }
  return deleted;
}
