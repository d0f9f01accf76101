// The gallery's calls to /shares: create a public link, list the links that still work, revoke one. They fail with
// api.js's ApiError.

import { call, currentUser } from './api.js';

/** A new link to `imageIds`; the answer's `url` holds the secret token and is shown this once. */
export async function createShare({ imageIds, title, days, allowOriginal }) {
  const expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
  const body = { user_id: currentUser(), image_ids: imageIds, expires_at: expiresAt, allow_original: allowOriginal };
  if (title) body.title = title;
  const { data } = await call('/shares', { method: 'POST', body, operation: 'share' });
  return data;
}

/** The signed-in user's links that still work, newest first (without their tokens). */
export async function fetchShares() {
  const { data } = await call(`/shares?${new URLSearchParams({ user_id: currentUser() })}`, { operation: 'share' });
  return Array.isArray(data) ? data : [];
}

/** Revokes a link at once: from then on it answers 410. */
export async function revokeShare(id) {
  await call(`/shares/${encodeURIComponent(id)}`, { method: 'DELETE', operation: 'share' });
}
