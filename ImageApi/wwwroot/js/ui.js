// Small DOM helpers shared by the page's modules.

/** Creates an element: el('button', { type: 'button', class: 'x', dataset: { id } }, 'text', child). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter(child => child !== undefined && child !== null));
  return element;
}

const status = () => document.getElementById('status');

/** Says something in the polite live region (screen readers announce it; sighted users see it at the bottom). */
export function announce(text) {
  const region = status();
  region.textContent = '';
  // A new text node on the next frame, so the same sentence twice in a row is announced twice.
  requestAnimationFrame(() => { region.textContent = text; });
}

/** Shows (or with '' clears) the assertive alert of the identity panel. */
export function alertUser(text) {
  document.getElementById('alert').textContent = text;
}

export function formatBytes(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes)) return 'unknown';
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = -1;
  do { value /= 1024; unit++; } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '') : dateFormat.format(date);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' });

/** A calendar day, YYYY-MM-DD, in words ("Thursday, July 4, 2019"), whatever the viewer's zone. */
export function formatDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
}

export function timeElement(iso) {
  return el('time', { datetime: iso }, formatDate(iso));
}

/** Runs worker over items with at most `limit` at a time. */
/**
 * Runs tasks with at most `limit` at once (settable later, e.g. once the server said its limit); the others wait their
 * turn in order.
 */
export function createGate(limit) {
  let running = 0;
  const waiting = [];
  const admitNext = () => {
    while (running < limit && waiting.length > 0) {
      running++;
      waiting.shift()();
    }
  };
  return {
    setLimit(value) {
      limit = value;
      admitNext();
    },
    async run(task) {
      await new Promise(resolve => { waiting.push(resolve); admitNext(); });
      try {
        return await task();
      } finally {
        running--;
        admitNext();
      }
    },
  };
}

export async function runPool(items, limit, worker) {
  let index = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (index < items.length) {
      const item = items[index++];
      await worker(item);
    }
  });
  await Promise.all(runners);
}
