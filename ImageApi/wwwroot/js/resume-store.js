// Multipart uploads this browser started and has not finished, so that picking the same file again (after a reload,
// a crash, a closed tab) resumes instead of starting over. The fingerprint is what identifies "the same file" without
// reading it: the user, its name, size and last modification.

const PREFIX = 'cloud-image-service:upload:';

export function fingerprintOf(file, user) {
  return JSON.stringify([user, file.name, file.size, file.lastModified]);
}

/** The image id of the unfinished upload of this fingerprint, or null. */
export function rememberedUpload(fingerprint) {
  try {
    const saved = JSON.parse(localStorage.getItem(PREFIX + fingerprint) ?? 'null');
    return saved?.fingerprint === fingerprint && typeof saved.image_id === 'string' ? saved.image_id : null;
  } catch {
    return null;
  }
}

export function rememberUpload(fingerprint, imageId) {
  try {
    localStorage.setItem(PREFIX + fingerprint, JSON.stringify({ image_id: imageId, fingerprint }));
  } catch {
    // Storage full or disabled: the upload works, it just cannot resume after a reload.
  }
}

export function forgetUpload(fingerprint) {
  try { localStorage.removeItem(PREFIX + fingerprint); } catch { /* nothing stored */ }
}

/** Forgets every unfinished upload `user` started in this browser: its file names and ids leave with its token. */
export function forgetUploadsOf(user) {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, index) => localStorage.key(index));
    for (const key of keys) {
      if (key?.startsWith(PREFIX) && ownerOf(key.slice(PREFIX.length)) === user) localStorage.removeItem(key);
    }
  } catch {
    // Storage disabled: nothing was kept.
  }
}

function ownerOf(fingerprint) {
  try {
    return JSON.parse(fingerprint)[0];
  } catch {
    return undefined;
  }
}
