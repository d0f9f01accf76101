// The Trash view: a dialog listing the user's trashed images with the days each has left, to restore one, delete
// one forever, or empty the trash. It calls gallery-api.js and tells app.js when an image came back.

import { describeError } from './api.js';
import { deleteForever, emptyTrash, fetchTrashPage, restoreImage } from './gallery-api.js';
import { announce, el } from './ui.js';

const DAY = 24 * 60 * 60 * 1000;

/** Whole days until `purgeAt` (ISO), never below zero: what the list shows as "n days left". */
export function daysLeft(purgeAt, now = Date.now()) {
  const left = Date.parse(purgeAt) - now;
  return Number.isNaN(left) ? null : Math.max(0, Math.ceil(left / DAY));
}

function daysLeftText(purgeAt) {
  const days = daysLeft(purgeAt);
  if (days === null) return '';
  if (days === 0) return 'deleted for good today';
  return days === 1 ? '1 day left' : `${days} days left`;
}

/** `onRestored`: an image is back in the gallery (reload it); `onChanged`: the trash changed (usage may have). */
export function createTrash({ onRestored, onChanged = () => {} }) {
  const $ = id => document.getElementById(id);
  const dialog = $('trash');
  const list = $('trash-list');
  const message = $('trash-message');
  const emptyButton = $('trash-empty');
  let images = [];

  function open() {
    if (!dialog.open) dialog.showModal();
    load();
  }

  $('trash-open').addEventListener('click', open);
  $('trash-close').addEventListener('click', () => dialog.close());

  emptyButton.addEventListener('click', async () => {
    emptyButton.disabled = true;
    try {
      const deleted = await emptyTrash();
      announce(deleted === 1 ? 'Deleted 1 image for good.' : `Deleted ${deleted} images for good.`);
    } catch (error) {
      message.textContent = describeError(error);
    }
    onChanged();
    await load();
  });

  async function load() {
    message.textContent = 'Loading the trash…';
    list.replaceChildren();
    images = [];
    try {
      let url = null;
      do {
        const page = await fetchTrashPage(url);
        images.push(...page.images);
        url = page.next;
      } while (url && images.length < 1000);
    } catch (error) {
      message.textContent = describeError(error);
      return;
    }
    render();
  }

  function render() {
    list.replaceChildren(...images.map(item));
    emptyButton.disabled = images.length === 0;
    message.textContent = images.length === 0
      ? 'The trash is empty.'
      : 'Deleted images stay here until their time runs out; then they are deleted for good.';
  }

  function item(image) {
    const name = image.description || image.image_id;
    const restore = el('button', { type: 'button', class: 'secondary' }, 'Restore');
    const forever = el('button', { type: 'button', class: 'danger' }, 'Delete forever');
    restore.setAttribute('aria-label', `Restore “${name}”`);
    forever.setAttribute('aria-label', `Delete “${name}” forever`);
    restore.addEventListener('click', () => act(image, restoreImage, `Restored “${name}”.`, true));
    forever.addEventListener('click', () => act(image, deleteForever, `Deleted “${name}” for good.`, false));
    return el('li', { class: 'trash-item', dataset: { imageId: image.image_id } },
      image.thumbnail_url ? el('img', { src: image.thumbnail_url, alt: name, width: 64, height: 64, loading: 'lazy' }) : null,
      el('span', { class: 'trash-name' }, name),
      el('span', { class: 'trash-days' }, daysLeftText(image.purge_at)),
      restore,
      forever);
  }

  async function act(image, action, done, restored) {
    try {
      await action(image);
      announce(done);
      if (restored) onRestored();
      onChanged();
    } catch (error) {
      message.textContent = describeError(error);
      return;
    }
    images = images.filter(other => other.image_id !== image.image_id);
    render();
  }

  return { open, reload: () => (dialog.open ? load() : Promise.resolve()) };
}
