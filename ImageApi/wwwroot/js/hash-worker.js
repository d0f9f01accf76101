// Hashes a file off the page's thread: the SHA-256 of the whole file (declared when the upload is created), and the
// base64 SHA-256 of each part of `partSize` bytes (signed into each part's URL). One slice in memory at a time.

import { Sha256, toBase64, toHex } from './sha256.js';

self.addEventListener('message', async ({ data: { file, partSize } }) => {
  try {
    const whole = new Sha256();
    const partChecksums = [];
    for (let offset = 0; offset < file.size; offset += partSize) {
      const slice = await file.slice(offset, offset + partSize).arrayBuffer();
      whole.update(slice);
      partChecksums.push(toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', slice))));
      self.postMessage({ type: 'progress', bytes: Math.min(file.size, offset + partSize) });
    }
    self.postMessage({ type: 'done', sha256: toHex(whole.digest()), partChecksums });
  } catch (error) {
    self.postMessage({ type: 'error', message: error.message });
  }
});
