// Sharing: a dialog that makes a public link to the images given (the one in the viewer, or every image shown), copies
// it to the clipboard, and lists the user's links that still work, each with Revoke. The link's token is shown only
// when it is made: the server keeps its hash alone.

import { describeError } from './api.js';
import { createShare, fetchShares, revokeShare } from './share-api.js';
import { announce, el, formatDate } from './ui.js';

/** The most images one link holds (the server's Shares:MaxImages default). */
export const MAX_SHARED = 100;

export function createSharing() {
  const $ = id => document.getElementById(id);
  const dialog = $('share');
  const form = $('share-form');
  const what = $('share-what');
  const result = $('share-result');
  const url = $('share-url');
  const message = $('share-message');
  const list = $('share-list');
  let imageIds = [];

  $('share-close').addEventListener('click', () => dialog.close());
  $('shares-open').addEventListener('click', () => open([]));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      const share = await createShare({
        imageIds,
        title: form.elements.title.value.trim(),
        days: Number(form.elements.days.value),
        allowOriginal: form.elements.allow_original.checked,
      });
      url.value = share.url;
      result.hidden = false;
      form.hidden = true;
      url.focus();
      url.select();
      announce('Link created. Copy it now: it is shown only once.');
      await load();
    } catch (error) {
      message.textContent = describeError(error);
    } finally {
      submit.disabled = false;
    }
  });

  $('share-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(url.value);
      announce('Link copied to the clipboard.');
    } catch {
      url.select();
      announce('Copying is not allowed here: the link is selected, copy it with Ctrl+C.');
    }
  });

  /** Opens the dialog: a form for a link to `ids` (none: only the list of links). */
  function open(ids) {
    imageIds = ids.slice(0, MAX_SHARED);
    form.hidden = imageIds.length === 0;
    form.reset();
    result.hidden = true;
    url.value = '';
    message.textContent = '';
    what.textContent = imageIds.length === 1 ? 'A link to this image.' : `A link to these ${imageIds.length} images.`;
    if (ids.length > MAX_SHARED) what.textContent += ` (the first ${MAX_SHARED}: a link holds at most ${MAX_SHARED})`;
    dialog.showModal();
    load();
  }

  async function load() {
    list.setAttribute('aria-busy', 'true');
    try {
      const shares = await fetchShares();
      list.replaceChildren(...shares.map(item));
      if (shares.length === 0) list.replaceChildren(el('li', { class: 'hint' }, 'No links yet.'));
    } catch (error) {
      message.textContent = describeError(error);
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function item(share) {
    const name = share.title || `${share.image_ids.length} ${share.image_ids.length === 1 ? 'image' : 'images'}`;
    const revoke = el('button', { type: 'button', class: 'danger' }, 'Revoke');
    revoke.setAttribute('aria-label', `Revoke the link “${name}”`);
    revoke.addEventListener('click', async () => {
      revoke.disabled = true;
      try {
        await revokeShare(share.id);
        announce(`Revoked the link “${name}”: it no longer works.`);
      } catch (error) {
        message.textContent = describeError(error);
      }
      await load();
    });
    return el('li', { class: 'share-item', dataset: { shareId: share.id } },
      el('span', { class: 'share-name' }, name),
      el('span', { class: 'hint' }, `until ${formatDate(share.expires_at)}${share.allow_original ? ', originals allowed' : ''}`),
      revoke);
  }

  return { open };
}
