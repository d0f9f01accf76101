// The page's one retry loop. Each caller says what is worth another attempt and how long to wait first; the loop
// itself never changes.

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** What `nextWait` returns to stop: the failure it was given is thrown. */
export const GIVE_UP = null;

/**
 * Resolves with the first result of `attempt(n)` (n = 1, 2, …). After a failure, `await nextWait(error, n)` says how
 * many milliseconds to wait before attempt n + 1, or GIVE_UP. `nextWait` may itself wait (for the connection, for an
 * image to settle) and then answer 0.
 */
export async function retrying(attempt, nextWait) {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const wait = await nextWait(error, n);
      if (wait === GIVE_UP) throw error;
      if (wait > 0) await sleep(wait);
    }
  }
}
