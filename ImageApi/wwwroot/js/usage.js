// The usage meter in the header: bytes stored of the quota (a <meter> when there is a byte limit), images, and what
// the trash holds. It asks /users/{user_id}/usage whenever app.js says usage may have changed.

import { call, currentUser, isSignedIn } from './api.js';
import { formatBytes } from './ui.js';

/** The words of the meter for a usage answer (the /users/{user_id}/usage body). */
export function usageText(usage) {
  const bytes = usage.bytes_limit
    ? `${formatBytes(usage.bytes_used)} of ${formatBytes(usage.bytes_limit)}`
    : `${formatBytes(usage.bytes_used)} (no limit)`;
  const images = usage.images_limit
    ? `${usage.images_used} of ${usage.images_limit} images`
    : `${usage.images_used} ${usage.images_used === 1 ? 'image' : 'images'}`;
  const trash = usage.trashed_images ? ` · ${usage.trashed_images} in the trash` : '';
  return `${bytes} · ${images}${trash}`;
}

export function createUsageMeter() {
  const $ = id => document.getElementById(id);
  const panel = $('usage');
  const bar = $('usage-bar');
  const text = $('usage-text');
  let asked = 0;

  async function refresh() {
    if (!isSignedIn()) {
      clear();
      return;
    }
    const ask = ++asked;
    try {
      const { data } = await call(`/users/${encodeURIComponent(currentUser())}/usage`, { operation: 'usage' });
      if (ask !== asked) return;
      show(data);
    } catch {
      // An older server without quotas, or a refusal: the page works without the meter.
      if (ask === asked) clear();
    }
  }

  function show(usage) {
    text.textContent = usageText(usage);
    bar.hidden = !usage.bytes_limit;
    if (usage.bytes_limit) {
      bar.max = usage.bytes_limit;
      bar.high = usage.bytes_limit * 0.9;
      bar.value = Math.min(usage.bytes_used, usage.bytes_limit);
    }
    delete panel.dataset.empty;
  }

  function clear() {
    asked++;
    panel.dataset.empty = '';
  }

  return { refresh, clear };
}
