// PUTs straight to S3 through presigned URLs, with exactly the signed headers, through XMLHttpRequest (fetch reports
// no upload progress).

import { GIVE_UP, retrying } from './retry.js';

/** S3 refused or never answered the PUT (status 0: the connection dropped, CORS, or aborted). */
export class StorageError extends Error {
  constructor(status, body) {
    super(`HTTP ${status}`);
    this.status = status;
    const xml = body ? new DOMParser().parseFromString(body, 'application/xml') : null;
    this.code = xml?.querySelector('Error > Code')?.textContent ?? '';
    this.detail = xml?.querySelector('Error > Message')?.textContent ?? '';
  }

  /** The presigned URL ran out: sign again and the same PUT succeeds. */
  get expired() {
    return this.status === 403 && /expired/i.test(`${this.code} ${this.detail}`);
  }

  /** Worth sending again as it is: a dropped connection, or storage busy or failing. */
  get transient() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  describe() {
    if (this.status === 0) {
      return 'The upload to storage failed: the connection dropped, or the storage does not allow this page\'s origin (CORS).';
    }
    const reason = [this.code, this.detail].filter(Boolean).join(': ');
    return `Storage refused the upload (HTTP ${this.status}${reason ? `, ${reason}` : ''}).`;
  }
}

/** PUTs `body` (a Blob); `onProgress(loadedBytes)`; `signal` aborts (rejecting with StorageError(0)). */
export function put(url, headers, body, onProgress, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new StorageError(0));
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers ?? {})) {
      // Content-Length is signed too, but only the browser may set it: it sends the body's size, which is what was declared.
      if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    }
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const settle = (outcome, value) => {
      signal?.removeEventListener('abort', abort);
      outcome(value);
    };
    xhr.upload.addEventListener('progress', event => { if (event.lengthComputable) onProgress(event.loaded); });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300
      ? settle(resolve)
      : settle(reject, new StorageError(xhr.status, xhr.responseText))));
    xhr.addEventListener('error', () => settle(reject, new StorageError(0)));
    xhr.addEventListener('abort', () => settle(reject, new StorageError(0)));
    xhr.send(body);
  });
}

/**
 * put(), sent again after a transient failure (a dropped connection, 408, 429, 5xx: S3 asks for exactly this on
 * 500 InternalError and 503 SlowDown) after each of `delays`; progress starts over with each attempt.
 */
export function putRetrying(url, headers, body, onProgress, delays) {
  return retrying(() => put(url, headers, body, onProgress), (error, attempt) => {
    if (!(error instanceof StorageError) || !error.transient || attempt >= delays.length) return GIVE_UP;
    onProgress(0);
    return delays[attempt];
  });
}
