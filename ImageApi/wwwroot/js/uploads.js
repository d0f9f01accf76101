// Uploads: hash the file (its SHA-256 lets the API spot a duplicate before a byte moves, and storage and ingest check
// the bytes), ask the API for a presigned URL (or, above MULTIPART_THRESHOLD, send the file in resumable parts), PUT
// straight to S3 with exactly the signed headers, then confirm it and show the thumbnail or the reason.

import { ApiError, authMode, call, currentUser, describeError, isQuotaRefusal, isTransient } from './api.js';
import { confirmUpload } from './confirm.js';
import { EXPECTED_PART_SIZE, MULTIPART_THRESHOLD, RETRY_DELAYS, THUMBNAIL_SIZE } from './config.js';
import { hashFile } from './hashing.js';
import { sendParts, storedParts } from './multipart.js';
import { fingerprintOf, forgetUpload, rememberUpload, rememberedUpload } from './resume-store.js';
import { StorageError, putRetrying } from './storage.js';
import { announce, createGate, el, formatBytes, runPool } from './ui.js';

const PARALLEL_UPLOADS = 3;
const MAX_DESCRIPTION = 1000;

/** The user already has an image with these bytes (409 with existing_image_id): nothing was uploaded. */
class AlreadyUploaded extends Error {
  constructor(imageId) {
    super('Already in your gallery.');
    this.imageId = imageId;
  }
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
    this.retryButton = el('button', { type: 'button', class: 'secondary', hidden: true, 'aria-label': `Retry upload of ${file.name}` }, 'Retry');
    this.showExistingButton = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Show the existing image');
    this.trashButton = el('button', { type: 'button', class: 'secondary', hidden: true }, 'Open the trash');
    this.preview = el('div', { class: 'upload-preview', 'aria-hidden': 'true' });
    this.element = el('li', { class: 'upload', dataset: { state: 'queued' } },
      this.preview,
      el('div', { class: 'upload-body' },
        el('p', { class: 'upload-name' }, el('span', {}, file.name), ' ', el('span', { class: 'hint' }, formatBytes(file.size))),
        this.progressBar,
        el('div', { class: 'row' }, this.statusText, this.retryButton, this.showExistingButton, this.trashButton)));
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

  duplicate() {
    this.state('duplicate', 'Already in your gallery: not uploaded again.');
    this.progressBar.value = 0;
    this.showExistingButton.hidden = false;
  }

  /** Says "Failed" in words, not only in the row's colour. */
  failed(message, retryable) {
    this.state('failed', `Failed: ${message}`);
    this.retryButton.hidden = !retryable;
  }
}

/**
 * `onUploaded()`: a batch added images; `onShowExisting(imageId, invoker)`: show the image a duplicate matched;
 * `onOverQuota()`: the server refused a file for the user's quota; `onOpenTrash(invoker)`: open the Trash view.
 */
export function createUploader({ list, onUploaded, onShowExisting, onOverQuota = () => {}, onOpenTrash = () => {} }) {
  // One at a time until the server says how many confirmations one caller may run (more are answered 429).
  const confirmations = createGate(1);

  async function uploadOne(row, options) {
    const { file } = row;
    row.retryButton.hidden = true;
    const multipart = file.size > MULTIPART_THRESHOLD;
    const fingerprint = fingerprintOf(file, currentUser());
    const resumed = multipart ? await resume(row, fingerprint) : null;
    const upload = resumed ?? await create(row, options, multipart);

    row.state('uploading', 'Uploading…');
    const onProgress = percent => row.progress(percent);
    const onPaused = paused => row.state(paused ? 'paused' : 'uploading',
      paused ? 'Paused: offline. The upload goes on when the connection is back.' : 'Uploading…');
    const sendMissingParts = stored => sendParts({ file, imageId: upload.image_id, partSize: upload.part_size,
      partCount: upload.part_count, stored, checksums: upload.checksums, onProgress, onPaused });
    if (multipart) {
      if (!resumed) rememberUpload(fingerprint, upload.image_id);
      await sendMissingParts(upload.stored);
    } else {
      await putRetrying(upload.upload_url, upload.upload_headers, file,
        loaded => onProgress(file.size ? (loaded / file.size) * 100 : 100), RETRY_DELAYS);
    }

    row.state('checking', 'Checking the image…');
    const id = encodeURIComponent(upload.image_id);
    let image;
    try {
      image = await confirm(id, row).catch(async error => {
        if (!multipart || !(error instanceof ApiError && error.status === 409)) throw error;
        // Storage lacks a part whose PUT looked finished: send what it does not hold, then ask once more.
        const { stored } = await storedParts(upload.image_id);
        row.state('uploading', 'Uploading…');
        await sendMissingParts(stored);
        row.state('checking', 'Checking the image…');
        return confirm(id, row);
      });
    } catch (error) {
      // Refused for good (not an image, another hash): nothing left to resume.
      if (error instanceof ApiError && error.status === 422) forgetUpload(fingerprint);
      throw error;
    }
    forgetUpload(fingerprint);
    row.done(image, await thumbnailUrl(id, file));
    return image;
  }

  /** Creates the upload with the file's SHA-256: a new image id, and its URL or its part size. */
  async function create(row, options, multipart) {
    const { file } = row;
    row.state('hashing', 'Computing the checksum…');
    const { sha256, partChecksums } = await hashFile(file, EXPECTED_PART_SIZE,
      bytes => row.state('hashing', `Computing the checksum… ${Math.floor((bytes / file.size) * 100)} %`));
    row.state('requesting', 'Asking for an upload URL…');
    const body = {
      content_type: file.type || 'application/octet-stream',
      size_bytes: file.size,
      tags: options.tags,
      description: (options.description || file.name).slice(0, MAX_DESCRIPTION),
      sha256,
    };
    if (multipart) body.multipart = true;
    if (authMode() === 'none') body.user_id = currentUser();
    try {
      const { data } = await call('/images/upload', { method: 'POST', body, operation: 'upload' });
      const checksums = data.part_size === EXPECTED_PART_SIZE ? partChecksums : [];
      return { ...data, upload_headers: data.upload_headers ?? { 'Content-Type': body.content_type }, checksums };
    } catch (error) {
      const existing = error instanceof ApiError && error.status === 409 ? error.problem.existing_image_id : null;
      if (typeof existing === 'string') throw new AlreadyUploaded(existing);
      throw error;
    }
  }

  /** The upload this browser started for the same file, with the parts storage holds; null to start afresh. */
  async function resume(row, fingerprint) {
    const imageId = rememberedUpload(fingerprint);
    if (!imageId) return null;
    row.state('requesting', 'Looking for the parts already uploaded…');
    try {
      const { partSize, partCount, stored } = await storedParts(imageId);
      return { image_id: imageId, part_size: partSize, part_count: partCount, stored, checksums: [] };
    } catch (error) {
      // Finished, aborted or expired meanwhile: start again.
      if (error instanceof ApiError && [404, 409].includes(error.status)) {
        forgetUpload(fingerprint);
        return null;
      }
      throw error;
    }
  }

  // The server confirms a few images per user at a time and answers 429 or 503 with Retry-After past that; an answer
  // lost on the way (504, a dropped connection) is looked up: confirmUpload waits and says what is true. Each request
  // takes one of this page's confirmation slots while it runs, so a batch never outruns the per-caller limit.
  function confirm(id, row) {
    return confirmUpload(id, () => row.state('checking', 'Waiting for the server to check the image…'), confirmations.run);
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

  /** Uploads one row's file and says how it went: 'uploaded', 'duplicate' or 'failed'. */
  async function attempt(row, options) {
    try {
      await uploadOne(row, options);
      announce(`${row.file.name}: uploaded.`);
      return 'uploaded';
    } catch (error) {
      if (error instanceof AlreadyUploaded) {
        row.duplicate();
        row.showExistingButton.onclick = () => onShowExisting(error.imageId, row.showExistingButton);
        announce(`${row.file.name}: already in your gallery, not uploaded again.`);
        return 'duplicate';
      }
      const message = error instanceof StorageError ? error.describe() : describeError(error, row.file);
      row.failed(message, error instanceof StorageError || isTransient(error));
      if (isQuotaRefusal(error)) {
        // The trash counts until it is emptied: the row offers the way to free space.
        row.trashButton.hidden = false;
        row.trashButton.onclick = () => onOpenTrash(row.trashButton);
        onOverQuota();
      }
      announce(`${row.file.name}: ${message}`);
      return 'failed';
    }
  }

  return {
    /** At most `limit` confirmations of this page's uploads at once: the server's Ingest:MaxConfirmationsPerCaller. */
    limitConfirmations(limit) {
      if (Number.isInteger(limit) && limit > 0) confirmations.setLimit(limit);
    },

    /** Uploads files with PARALLEL_UPLOADS at a time; resolves when every one has succeeded or failed. */
    async upload(files, { tags = '', description = '' } = {}) {
      if (files.length === 0) return;
      const options = { tags: parseTags(tags), description: description.trim() };
      const rows = files.map(file => new UploadRow(file));
      list.prepend(...rows.map(row => row.element));
      for (const row of rows) {
        row.retryButton.addEventListener('click', async () => {
          if (await attempt(row, options) === 'uploaded') onUploaded();
        });
      }
      announce(`Uploading ${files.length} ${files.length === 1 ? 'file' : 'files'}…`);

      const outcomes = { uploaded: 0, duplicate: 0, failed: 0 };
      await runPool(rows, PARALLEL_UPLOADS, async row => { outcomes[await attempt(row, options)]++; });
      const { uploaded, duplicate, failed } = outcomes;
      announce(`${uploaded} of ${rows.length} uploaded${duplicate ? `, ${duplicate} already in your gallery` : ''}`
        + `${failed ? `, ${failed} failed (see the list)` : ''}.`);
      if (uploaded > 0) onUploaded();
    },
  };
}
