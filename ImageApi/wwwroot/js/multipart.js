// Sends a file's parts to S3: URLs signed a few parts at a time (each bound to its checksum), PARALLEL_PARTS PUTs at
// once, each retried with backoff, expired URLs signed again, and everything paused while the browser is offline.
// Parts storage already holds (listed by GET /images/{id}/parts) are not sent again.

import { call, isTransient } from './api.js';
import { PARALLEL_PARTS, RETRY_DELAYS, PARTS_SIGNED_PER_CALL } from './config.js';
import { partChecksum } from './hashing.js';
import { GIVE_UP, retrying } from './retry.js';
import { StorageError, put } from './storage.js';

/** A URL is signed again when it has less than this left: a PUT started on it should finish before it expires. */
const URL_MARGIN_MS = 30_000;

/** Times one part's URL is signed again after storage said it expired (more: the clocks disagree, give up). */
const MAX_RESIGNS = 3;

/** Resolves at once when online, else at the next 'online' event. */
function online() {
  if (navigator.onLine) return Promise.resolve();
  return new Promise(resolve => window.addEventListener('online', resolve, { once: true }));
}

/** Bytes of finished parts plus what the parts on their way have sent: what the progress bar shows. */
class PartProgress {
  #sent = new Map();

  constructor(total, onChange) {
    this.total = total;
    this.finishedBytes = 0;
    this.onChange = onChange;
  }

  sending(part, loaded) { this.#sent.set(part, loaded); this.#report(); }

  finished(part, length) { this.#sent.delete(part); this.finishedBytes += length; this.#report(); }

  /** The part's bytes sent so far were lost (the PUT failed): they count again when sent again. */
  lost(part) { this.#sent.delete(part); this.#report(); }

  #report() {
    let inFlight = 0;
    for (const loaded of this.#sent.values()) inFlight += loaded;
    this.onChange(this.total === 0 ? 100 : ((this.finishedBytes + inFlight) / this.total) * 100);
  }
}

/**
 * Lists what storage holds of upload `imageId`: the numbers of the parts whose length is already right. A busy or
 * briefly unavailable server is asked again (after its Retry-After), as a part's PUT would be.
 * Throws ApiError 409/404 when the upload no longer exists.
 */
export async function storedParts(imageId) {
  const { data } = await retrying(
    () => call(`/images/${encodeURIComponent(imageId)}/parts`, { operation: 'upload' }),
    (error, attempt) => (!isTransient(error) || attempt >= RETRY_DELAYS.length
      ? GIVE_UP
      : error.retryAfter ? error.retryAfter * 1000 : RETRY_DELAYS[attempt]));
  return { partSize: data.part_size, partCount: data.part_count, stored: data.parts ?? [] };
}

/**
 * Sends every part of `file` that is not in `stored` ([{ part_number, size_bytes }]) for upload `imageId`.
 * `checksums[i]` is part i+1's base64 SHA-256 when already known. `onProgress(percent)`; `onPaused(paused)`.
 */
export async function sendParts({ file, imageId, partSize, partCount, stored = [], checksums = [], onProgress, onPaused }) {
  const bounds = part => [(part - 1) * partSize, Math.min(file.size, part * partSize)];
  const length = part => bounds(part)[1] - bounds(part)[0];
  const progress = new PartProgress(file.size, onProgress);
  const done = new Set();
  for (const { part_number: part, size_bytes: size } of stored) {
    if (part >= 1 && part <= partCount && size === length(part)) {
      done.add(part);
      progress.finished(part, size);
    }
  }
  const queue = Array.from({ length: partCount }, (_, i) => i + 1).filter(part => !done.has(part));
  const urls = new Map();
  const stop = new AbortController();
  let signing = null;

  // Going offline drops the PUTs on their way at once (Chromium may otherwise hold them until a timeout); each part
  // then waits for 'online' and goes again.
  let inFlight = new AbortController();
  const dropInFlight = () => { inFlight.abort(); inFlight = new AbortController(); };
  window.addEventListener('offline', dropInFlight);

  let pausedParts = 0;
  async function whileOffline() {
    if (pausedParts++ === 0) onPaused(true);
    try { await online(); } finally { if (--pausedParts === 0) onPaused(false); }
  }

  async function checksum(part) {
    checksums[part - 1] ??= await partChecksum(file, ...bounds(part));
    return checksums[part - 1];
  }

  const fresh = part => { const url = urls.get(part); return url && url.expiresAt - Date.now() > URL_MARGIN_MS; };

  async function sign(part) {
    const batch = [part, ...queue.filter(next => next !== part && !done.has(next) && !fresh(next))].slice(0, PARTS_SIGNED_PER_CALL);
    const parts = [];
    for (const number of batch) parts.push({ part_number: number, sha256: await checksum(number) });
    const { data } = await call(`/images/${encodeURIComponent(imageId)}/parts`, { method: 'POST', body: { parts }, operation: 'upload' });
    const expiresAt = Date.parse(data.expires_at);
    for (const signed of data.parts) urls.set(signed.part_number, { url: signed.upload_url, headers: signed.upload_headers, expiresAt });
  }

  // One signing call at a time; a URL this part had signed for itself is used even if it looks stale (a clock far
  // from the server's must not make the page sign forever).
  async function urlFor(part) {
    let signedForThisPart = false;
    while (!fresh(part) && !(signedForThisPart && urls.has(part))) {
      const ours = !signing;
      if (ours) signing = sign(part).finally(() => { signing = null; });
      await signing;
      signedForThisPart ||= ours;
    }
    return urls.get(part);
  }

  // Waiting for the connection and signing an expired URL again are not failed attempts: only transient failures
  // count against RETRY_DELAYS.
  async function sendPart(part) {
    let failures = 0, resigned = 0;
    await retrying(async () => {
      if (stop.signal.aborted) return;
      if (!navigator.onLine) await whileOffline();
      if (stop.signal.aborted) return;
      const { url, headers } = await urlFor(part);
      await put(url, headers, file.slice(...bounds(part)), loaded => progress.sending(part, loaded), AbortSignal.any([stop.signal, inFlight.signal]));
      done.add(part);
      progress.finished(part, length(part));
    }, error => {
      progress.lost(part);
      if (stop.signal.aborted) return GIVE_UP;
      // Signing or sending failed because the browser went offline: wait for the connection, as any part does.
      if (error.status === 0 && !navigator.onLine) return 0;
      const expired = error instanceof StorageError && (error.expired || (error.status === 403 && urls.get(part)?.expiresAt <= Date.now()));
      if (expired && ++resigned <= MAX_RESIGNS) {
        urls.delete(part);
        return 0;
      }
      const transient = error instanceof StorageError ? error.transient : isTransient(error);
      return !transient || ++failures >= RETRY_DELAYS.length ? GIVE_UP : RETRY_DELAYS[failures];
    });
  }

  try {
    const senders = Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, async () => {
      for (let part = queue.shift(); part !== undefined && !stop.signal.aborted; part = queue.shift()) await sendPart(part);
    });
    await Promise.all(senders.map(sender => sender.catch(error => { stop.abort(); throw error; })));
  } finally {
    window.removeEventListener('offline', dropInFlight);
  }
}
