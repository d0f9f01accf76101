// The /images API as the page uses it: who the caller is, JSON calls with problem+json errors, and the wording of
// every failure a user can meet. The bearer token lives in this module's memory only (never in storage).

import { formatBytes } from './ui.js';

const session = { mode: 'none', userId: '', token: '', expiresAt: null };

export function authMode() { return session.mode; }
export function setAuthMode(mode) { session.mode = mode === 'jwt' ? 'jwt' : 'none'; }

/** The user whose images the page shows: typed (no auth) or the token's subject (JWT). */
export function currentUser() { return session.userId; }

export function useUserId(userId) {
  session.userId = userId.trim();
  session.token = '';
}

/**
 * Keeps a pasted JWT for this tab. Its subject names the user to list (the API checks the signature, not us);
 * throws a user-facing Error when the text cannot be a JWT at all.
 */
export function useToken(text) {
  const token = text.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  let claims;
  try {
    if (parts.length !== 3) throw new Error();
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), c => c.charCodeAt(0)));
    claims = JSON.parse(json);
  } catch {
    throw new Error('That is not a JWT: a token has three parts separated by dots (header.payload.signature).');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new Error('This token has no subject (sub claim), so it names no user.');
  }
  session.token = token;
  session.userId = claims.sub;
  session.expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null;
  return { user: claims.sub, expiresAt: session.expiresAt };
}

export function forgetToken() {
  session.token = '';
  session.userId = '';
  session.expiresAt = null;
}

export function isSignedIn() {
  return session.mode === 'jwt' ? session.token !== '' : session.userId !== '';
}

let unauthorizedListener = () => {};

/**
 * The one place a refused token is handled: `listener` runs once per 401, after the failing call's own error handling
 * (the caller's catch) has run, so what it shows is the last word.
 */
export function onUnauthorized(listener) { unauthorizedListener = listener; }

/** An API call that did not succeed, with what the server said. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter, operation) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.retryAfter = retryAfter;
    this.operation = operation;
  }
}

export function authHeaders() {
  return session.mode === 'jwt' && session.token ? { Authorization: `Bearer ${session.token}` } : {};
}

/**
 * Calls the API. Returns { data, response }; throws ApiError for any non-2xx answer (status 0: not reachable).
 * `operation` names the call for error wording: 'upload', 'complete', 'list', 'download', 'delete'.
 */
export async function call(url, { method = 'GET', body, operation, signal } = {}) {
  const headers = { Accept: 'application/json', ...authHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { detail: error.message }, null, operation);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text }; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data, retryAfterSeconds(response.headers.get('Retry-After')), operation);
    if (response.status === 401) setTimeout(() => unauthorizedListener(error), 0);
    throw error;
  }
  return { data, response };
}

function retryAfterSeconds(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The URL of the next page from a `Link: <…>; rel="next"` header, or null. */
export function nextLink(response) {
  const header = response.headers.get('Link');
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>\s*;\s*(?:[^;]*;\s*)*rel="?([^";]*)"?/i.exec(part.trim());
    if (match && match[2].split(/\s+/).includes('next')) return match[1];
  }
  return null;
}

function fieldErrors(problem) {
  const errors = problem?.errors;
  if (!errors || typeof errors !== 'object') return [];
  return Object.values(errors).flat().filter(message => typeof message === 'string');
}

function wait(seconds) {
  return seconds == null ? 'in a moment' : seconds <= 1 ? 'in 1 second' : `in ${seconds} seconds`;
}

/** The problem type of a refusal for passing the user's quota (403). */
export const QUOTA_EXCEEDED = 'urn:cloud-image-service:problem:quota-exceeded';

export function isQuotaRefusal(error) {
  return error instanceof ApiError && error.status === 403 && error.problem.type === QUOTA_EXCEEDED;
}

/** A quota refusal in words: usage and limit, and what the trash holds (it counts until emptied). */
function describeQuota(problem) {
  const images = problem.limit_kind === 'images';
  const used = images
    ? `Over your quota of ${problem.limit} ${problem.limit === 1 ? 'image' : 'images'}: you have ${problem.usage}.`
    : `Over your storage quota: ${formatBytes(problem.usage)} of ${formatBytes(problem.limit)} used, and this file needs ${formatBytes(problem.requested)}.`;
  const trashed = images ? problem.trashed_images : problem.trashed_bytes;
  const inTrash = images ? `${trashed} of them ${trashed === 1 ? 'is' : 'are'} in the trash` : `${formatBytes(trashed)} of it is in the trash`;
  return trashed > 0 ? `${used} ${inTrash}: empty the trash to free the space.` : used;
}

/** What to tell the user about a failed call, as one sentence or two. */
export function describeError(error, file) {
  if (!(error instanceof ApiError)) return `Something went wrong: ${error.message}`;
  const { status, problem, retryAfter, operation } = error;
  const detail = problem.detail || problem.title || '';
  const errors = problem.errors ?? {};
  switch (status) {
    case 0:
      return 'The server cannot be reached. Check the connection and try again.';
    case 400:
      if (errors.content_type) return `Type not allowed: ${errors.content_type.join(' ')}`;
      if (errors.size_bytes) {
        return file && file.size === 0 ? 'The file is empty.' : `Too large: ${errors.size_bytes.join(' ')}`;
      }
      {
        const messages = fieldErrors(problem);
        return `Refused: ${messages.length ? messages.join(' ') : detail}`;
      }
    case 401:
      return session.mode === 'jwt' && session.token
        ? 'Not signed in: the server refused this token (401). It may have expired or come from another issuer; paste a new one.'
        : 'Not signed in: this server needs a bearer token (401). Paste one above.';
    case 403:
      return problem.type === QUOTA_EXCEEDED ? describeQuota(problem) : `Not allowed: ${detail}`;
    case 404:
      return operation === 'share' ? `Not found: ${detail || 'the link no longer exists.'}` : 'Not found: the image no longer exists.';
    case 409:
      return `Not uploaded yet: ${detail}`;
    case 413:
      return `Too large: ${detail || 'the server refused the size.'}`;
    case 422:
      return operation === 'complete' && file
        ? `Not an image of type ${file.type || 'unknown'}: ${detail}`
        : `Rejected: ${detail}`;
    case 429:
      return `Rate limited: too many ${operation === 'upload' ? 'uploads' : 'requests'}. Try again ${wait(retryAfter)}.`;
    case 503:
      return `Storage is unavailable right now. Try again ${wait(retryAfter)}.`;
    default:
      return `The server answered ${status}${detail ? `: ${detail}` : '.'}`;
  }
}

/** Can trying the same thing again later succeed? */
export function isTransient(error) {
  return error instanceof ApiError && [0, 429, 500, 502, 503, 504].includes(error.status);
}
