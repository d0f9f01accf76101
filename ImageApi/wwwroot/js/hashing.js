// The page's side of hash-worker.js: one short-lived worker per file.

/**
 * Resolves to { sha256 (hex), partChecksums (base64 SHA-256 of each `partSize` slice) }.
 * `onProgress(bytes)` reports how much of the file is hashed.
 */
export function hashFile(file, partSize, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./hash-worker.js', import.meta.url), { type: 'module' });
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'progress') return onProgress(data.bytes);
      worker.terminate();
      if (data.type === 'done') resolve({ sha256: data.sha256, partChecksums: data.partChecksums });
      else reject(new Error(`The file could not be read to compute its checksum: ${data.message}`));
    });
    worker.addEventListener('error', event => {
      worker.terminate();
      reject(new Error(`The checksum could not be computed: ${event.message || 'the worker failed to start'}.`));
    });
    worker.postMessage({ file, partSize });
  });
}

/** Base64 SHA-256 of one part, for a part whose checksum was not computed up front (a resumed upload). */
export async function partChecksum(file, start, end) {
  const digest = await crypto.subtle.digest('SHA-256', await file.slice(start, end).arrayBuffer());
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}
