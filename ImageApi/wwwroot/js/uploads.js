// Uploads: ask the API for a presigned URL, PUT the file straight to S3 with exactly the signed headers (through
// XMLHttpRequest, because fetch reports no upload progress), then confirm it and show the thumbnail or the reason.

import { ApiError, authMode, call, currentUser, describeError, isTransient } from './api.js';
import { THUMBNAIL_SIZE } from './config.js';
import { announce, el, formatBytes, runPool } from './ui.js';

const PARALLEL_UPLOADS = 3;
const MAX_DESCRIPTION = 1000;
const MAX_CONFIRM_ATTEMPTS = 10;

/** S3 refused or never answered the PUT. */
class StorageError extends Error {
  constructor(status, body) {
    super(`HTTP ${status}`);
    this.status = status;
    const xml = body ? new DOMParser().parseFromString(body, 'application/xml') : null;
    this.code = xml?.querySelector('Error > Code')?.textContent ?? '';
    this.detail = xml?.querySelector('Error > Message')?.textContent ?? '';
  }

  describe() {
    if (this.status === 0) {
      return 'The upload to storage failed: the connection dropped, or the storage does not allow this page\'s origin (CORS).';
    }
    const reason = [this.code, this.detail].filter(Boolean).join(': ');
    return `Storage refused the upload (HTTP ${this.status}${reason ? `, ${reason}` : ''}).`;
  }
}

function put(url, headers, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers ?? {})) {
      // Content-Length is signed too, but only the browser may set it: it sends the file's size, which is what we declared.
      if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    }
    xhr.upload.addEventListener('progress', event => {
      if (event.lengthComputable && event.total > 0) onProgress((event.loaded / event.total) * 100);
    });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new StorageError(xhr.status, xhr.responseText))));
    xhr.addEventListener('error', () => reject(new StorageError(0)));
    xhr.addEventListener('abort', () => reject(new StorageError(0)));
    xhr.send(file);
  });
}

function parseTags(text) {
  return [...new Set(text.split(',').map(tag => tag.trim()).filter(Boolean))];
}

let rowsCreated = 0;

/** One row of the upload list: the file, its progress bar, and the status line that describes the bar. */
class UploadRow {
  constructor(file) {
    this.file = file;
    const statusId = `upload-status-${++rowsCreated}`;
    this.progressBar = el('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}`, 'aria-describedby': statusId });
    this.statusText = el('p', { class: 'upload-status', id: statusId }, 'Waiting…');
    this.retryButton = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Retry');
    this.preview = el('div', { class: 'upload-preview', 'aria-hidden': 'true' });
    this.element = el('li', { class: 'upload', dataset: { state: 'queued' } },
      this.preview,
      el('div', { class: 'upload-body' },
        el('p', { class: 'upload-name' }, el('span', {}, file.name), ' ', el('span', { class: 'hint' }, formatBytes(file.size))),
        this.progressBar,
        el('div', { class: 'row' }, this.statusText, this.retryButton)));
  }

  /** `state` colours the row (gallery.css); `text` says it. */
  state(state, text) {
    this.element.dataset.state = state;
    this.statusText.textContent = text;
  }

  progress(percent) {
    this.progressBar.value = Math.min(100, Math.round(percent));
  }

  done(image, thumbnailUrl) {
    const size = image.width && image.height ? `${image.width} × ${image.height}` : 'size pending';
    this.state('done', `Uploaded (${size}).`);
    if (thumbnailUrl) {
      const img = el('img', { alt: '', src: thumbnailUrl, decoding: 'async' });
      if (thumbnailUrl.startsWith('blob:')) img.addEventListener('load', () => URL.revokeObjectURL(thumbnailUrl), { once: true });
      this.preview.replaceChildren(img);
    }
  }

  /** Says "Failed" in words, not only in the row's colour. */
  failed(message, retryable) {
    this.state('failed', `Failed: ${message}`);
    this.retryButton.hidden = !retryable;
  }
}

export function createUploader({ list, onUploaded }) {
  async function uploadOne(row, options) {
    const { file } = row;
    row.retryButton.hidden = true;
    row.state('requesting', 'Asking for an upload URL…');
    const body = {
      content_type: file.type || 'application/octet-stream',
      size_bytes: file.size,
      tags: options.tags,
      description: (options.description || file.name).slice(0, MAX_DESCRIPTION),
    };
    if (authMode() === 'none') body.user_id = currentUser();
    const { data: upload } = await call('/images/upload', { method: 'POST', body, operation: 'upload' });

    row.state('uploading', 'Uploading…');
    await put(upload.upload_url, upload.upload_headers ?? { 'Content-Type': body.content_type }, file, percent => row.progress(percent));

    row.state('checking', 'Checking the image…');
    const id = encodeURIComponent(upload.image_id);
    const image = await confirm(id, row);
    row.done(image, await thumbnailUrl(id, file));
    return image;
  }

  // The server confirms a few images per user at a time and answers 429 or 503 with Retry-After past that: the bytes
  // are already uploaded, so waiting and asking again is all it takes.
  async function confirm(id, row) {
    for (let attempt = 1; ; attempt++) {
      try {
        const { data } = await call(`/images/${id}/complete`, { method: 'POST', operation: 'complete' });
        return data;
      } catch (error) {
        const busy = error instanceof ApiError && (error.status === 429 || error.status === 503);
        if (!busy || attempt >= MAX_CONFIRM_ATTEMPTS) throw error;
        row.state('checking', 'Waiting for the server to check the image…');
        await new Promise(resolve => setTimeout(resolve, 1000 * (error.retryAfter ?? 2)));
      }
    }
  }

  async function thumbnailUrl(id, file) {
    try {
      const { data } = await call(`/images/${id}/thumbnail?size=${THUMBNAIL_SIZE}`, { operation: 'thumbnail' });
      return data.download_url;
    } catch {
      // A server without thumbnails: the file on this machine is the preview.
      return URL.createObjectURL(file);
    }
  }

  async function attempt(row, options) {
    try {
      await uploadOne(row, options);
      announce(`${row.file.name}: uploaded.`);
      return true;
    } catch (error) {
      const message = error instanceof StorageError ? error.describe() : describeError(error, row.file);
      row.failed(message, error instanceof StorageError || isTransient(error));
      announce(`${row.file.name}: ${message}`);
      return false;
    }
  }

  return {
    /** Uploads files with PARALLEL_UPLOADS at a time; resolves when every one has succeeded or failed. */
    async upload(files, { tags = '', description = '' } = {}) {
      if (files.length === 0) return;
      const options = { tags: parseTags(tags), description: description.trim() };
      const rows = files.map(file => new UploadRow(file));
      list.prepend(...rows.map(row => row.element));
      for (const row of rows) {
        row.retryButton.addEventListener('click', async () => {
          if (await attempt(row, options)) onUploaded();
        });
      }
      announce(`Uploading ${files.length} ${files.length === 1 ? 'file' : 'files'}…`);

      let succeeded = 0;
      await runPool(rows, PARALLEL_UPLOADS, async row => { if (await attempt(row, options)) succeeded++; });
      const failed = rows.length - succeeded;
      announce(`${succeeded} of ${rows.length} uploaded${failed ? `, ${failed} failed (see the list)` : ''}.`);
      if (succeeded > 0) onUploaded();
    },
  };
}
