// Confirming an upload. The bytes are already in storage, so only a verdict is final: a busy server (429, 503) is asked
// again after its Retry-After, and an answer lost on the way is "not known yet". A load balancer that gives up before
// the API does answers 504 (or 502), and a dropped connection answers nothing, while the confirmation may go on and
// succeed: the image's status then says what is true.

import { ApiError, call } from './api.js';
import { GIVE_UP, retrying, sleep } from './retry.js';

const MAX_ATTEMPTS = 10;
const MAX_LOST_ANSWERS = 3;

/** After a lost answer, how long a pending image is watched before complete is asked again, and how often. */
const PENDING_WAIT_MS = 30_000;
const POLL_INTERVAL_MS = 1000;

function isBusy(error) {
  return error instanceof ApiError && (error.status === 429 || error.status === 503);
}

/** The request may have reached the API, which may still be confirming: no answer at all, or a proxy's 502 or 504. */
function isLost(error) {
  return error instanceof ApiError && [0, 502, 504].includes(error.status);
}

/**
 * Confirms the upload of image `id` (URL-encoded) and returns the image, available. Throws the ApiError of a verdict
 * (422 with the reason) or of the last failure. `onWaiting()` runs whenever a wait begins; each complete request runs
 * through `run` (e.g. a gate that bounds how many run at once).
 */
export function confirmUpload(id, onWaiting, run = request => request()) {
  let lost = 0;
  let settled = null;
  return retrying(async () => settled ?? (await run(() => call(`/images/${id}/complete`, { method: 'POST', operation: 'complete' }))).data,
    async (error, attempt) => {
      const busy = isBusy(error);
      if (!(busy || (isLost(error) && ++lost <= MAX_LOST_ANSWERS)) || attempt >= MAX_ATTEMPTS) return GIVE_UP;
      onWaiting();
      if (busy) return 1000 * (error.retryAfter ?? 2);
      const image = await settledImage(id, error);
      // Rejected: complete answers the refusal and its reason without decoding again. Still pending: ask again.
      if (image?.status === 'available') settled = image;
      return 0;
    });
}

/**
 * The image once it is no longer pending, or as it is after PENDING_WAIT_MS. A server that cannot be reached at all
 * makes the lost answer (`lostAnswer`) the failure to show.
 */
async function settledImage(id, lostAnswer) {
  const deadline = Date.now() + PENDING_WAIT_MS;
  let image = null;
  for (;;) {
    try {
      ({ data: image } = await call(`/images/${id}`, { operation: 'complete' }));
      if (image?.status !== 'pending') return image;
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) throw lostAnswer;
      if (!isBusy(error) && !isLost(error)) throw error;
    }
    if (Date.now() >= deadline) return image;
    await sleep(POLL_INTERVAL_MS);
  }
}
