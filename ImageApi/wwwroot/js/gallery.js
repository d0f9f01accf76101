// The user's images, newest first: one list call per page (thumbnail URLs included, no call per image), more pages
// through the Link header as the end of the grid scrolls into view, a dialog with the full image and its metadata,
// and delete with a confirmation.

import { ApiError, call, currentUser, describeError, isSignedIn, nextLink } from './api.js';
import { PAGE_SIZE, THUMBNAIL_SIZE } from './config.js';
import { announce, el, formatBytes, formatDate, timeElement } from './ui.js';

/** The text that stands for an image: its description, else when it was uploaded. */
export function altText(image) {
  return image.description?.trim() || `Image uploaded ${formatDate(image.upload_time)}`;
}

function placeholder(image, alt, text) {
  const type = (image.format || image.content_type?.replace(/^image\//, '') || 'image').toUpperCase();
  const label = text ?? (image.status === 'pending' ? 'Processing…' : type);
  return el('span', { class: 'thumb placeholder', role: 'img', 'aria-label': alt }, el('span', { 'aria-hidden': 'true' }, label));
}

function thumbnail(image, alt) {
  if (!image.thumbnail_url) return placeholder(image, alt);
  const img = el('img', { class: 'thumb', src: image.thumbnail_url, alt, decoding: 'async' });
  // A URL that expired or a thumbnail not made yet: say so rather than show a broken image.
  img.addEventListener('error', () => img.replaceWith(placeholder(image, alt, 'No preview')), { once: true });
  return img;
}

/** Local calendar days, sent as instants so the filter means the user's day, not UTC's. */
function dayStart(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

function dayEnd(value) {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d, 23, 59, 59, 999).toISOString();
}

export function createGallery() {
  const grid = document.getElementById('grid');
  const message = document.getElementById('gallery-message');
  const loadMoreButton = document.getElementById('load-more');
  const sentinel = document.getElementById('sentinel');
  const heading = document.getElementById('gallery-heading');
  const viewer = createViewer({ onDeleted: removeCard });

  let filters = { tag: '', from: '', to: '' };
  let next = null;
  let generation = 0;
  let inFlight = null;
  let shown = 0;
  let failed = false;

  const observer = new IntersectionObserver(entries => {
    if (entries.some(entry => entry.isIntersecting)) loadMore();
  }, { rootMargin: '400px 0px' });
  observer.observe(sentinel);
  loadMoreButton.addEventListener('click', () => loadMore(true));

  function firstPage() {
    const query = new URLSearchParams({ user_id: currentUser(), limit: String(PAGE_SIZE), thumbnail_size: String(THUMBNAIL_SIZE) });
    if (filters.tag) query.set('tag', filters.tag);
    if (filters.from) query.set('start_date', dayStart(filters.from));
    if (filters.to) query.set('end_date', dayEnd(filters.to));
    return `/images?${query}`;
  }

  function setMessage(text) {
    message.textContent = text;
  }

  function card(image) {
    const alt = altText(image);
    const open = el('button', { type: 'button', class: 'card-open', 'aria-haspopup': 'dialog' },
      thumbnail(image, alt),
      el('span', { class: 'card-caption' },
        el('span', { class: 'card-title', 'aria-hidden': 'true' }, image.description ?? ''),
        timeElement(image.upload_time)));
    open.addEventListener('click', () => viewer.open(image, open));
    return el('li', { class: 'card', dataset: { imageId: image.image_id, status: image.status } }, open);
  }

  function updateControls() {
    loadMoreButton.hidden = next === null;
    grid.setAttribute('aria-busy', inFlight ? 'true' : 'false');
    if (shown === 0 && !inFlight && !failed && isSignedIn()) {
      setMessage(filters.tag || filters.from || filters.to ? 'No images match these filters.' : 'No images yet: upload some above.');
    }
  }

  async function loadMore(fromButton = false) {
    if (next === null || inFlight || !isSignedIn()) return;
    const page = generation;
    const url = next;
    inFlight = (async () => {
      try {
        const { data, response } = await call(url, { operation: 'list' });
        if (page !== generation) return;
        const images = Array.isArray(data) ? data : [];
        const cards = images.map(card);
        grid.append(...cards);
        shown += cards.length;
        next = nextLink(response);
        if (shown > 0) setMessage('');
        if (fromButton && cards.length > 0) cards[0].querySelector('button').focus();
        if (fromButton || page > 0) announce(`${shown} images shown${next ? ', more to load' : ''}.`);
      } catch (error) {
        if (page !== generation) return;
        next = null;
        failed = true;
        setMessage(describeError(error));
      } finally {
        if (page === generation) inFlight = null;
        updateControls();
      }
    })();
    await inFlight;
    // Still at the end of the grid (a tall screen, a short page): the observer will not fire again by itself.
    if (page === generation && next !== null) {
      observer.unobserve(sentinel);
      observer.observe(sentinel);
    }
  }

  function removeCard(imageId) {
    const item = grid.querySelector(`li[data-image-id="${CSS.escape(imageId)}"]`);
    if (item) {
      item.remove();
      shown--;
    }
    updateControls();
    heading.focus();
  }

  return {
    /** Starts again from the newest image (after sign-in, an upload batch or a filter change). */
    async reload() {
      generation++;
      inFlight = null;
      shown = 0;
      failed = false;
      grid.replaceChildren();
      viewer.close();
      if (!isSignedIn()) {
        next = null;
        updateControls();
        return;
      }
      setMessage('Loading…');
      next = firstPage();
      await loadMore();
    },

    setFilters(values) {
      filters = values;
      return this.reload();
    },

    /** Nobody signed in: an empty gallery and a line that says what to do. */
    clear(text) {
      generation++;
      inFlight = null;
      next = null;
      shown = 0;
      failed = false;
      grid.replaceChildren();
      viewer.close();
      setMessage(text);
      updateControls();
    },
  };
}

function createViewer({ onDeleted }) {
  const dialog = document.getElementById('viewer');
  const title = document.getElementById('viewer-title');
  const image = document.getElementById('viewer-image');
  const loading = document.getElementById('viewer-loading');
  const meta = document.getElementById('viewer-meta');
  const openLink = document.getElementById('viewer-open');
  const deleteButton = document.getElementById('delete-button');
  const confirm = document.getElementById('confirm-delete');
  const confirmYes = document.getElementById('confirm-yes');
  const confirmNo = document.getElementById('confirm-no');

  let current = null;
  let invoker = null;

  document.getElementById('viewer-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    current = null;
    image.removeAttribute('src');
    confirm.hidden = true;
    if (invoker?.isConnected) invoker.focus();
  });
  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener('click', event => {
    if (event.target === dialog) {
      const box = dialog.getBoundingClientRect();
      const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
      if (!inside) dialog.close();
    }
  });

  deleteButton.addEventListener('click', () => {
    confirm.hidden = false;
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    confirm.hidden = true;
    deleteButton.focus();
  });
  confirmYes.addEventListener('click', async () => {
    const target = current;
    if (!target) return;
    confirmYes.disabled = true;
    try {
      await call(`/images/${encodeURIComponent(target.image_id)}`, { method: 'DELETE', operation: 'delete' });
      announce(`Deleted “${altText(target)}”.`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        confirm.hidden = true;
        loading.hidden = false;
        loading.textContent = describeError(error);
        return;
      }
      announce(`“${altText(target)}” was already deleted.`);
    } finally {
      confirmYes.disabled = false;
    }
    invoker = null;
    dialog.close();
    onDeleted(target.image_id);
  });

  function row(term, ...value) {
    return [el('dt', {}, term), el('dd', {}, ...value)];
  }

  function describe(item) {
    const dimensions = item.width && item.height ? `${item.width} × ${item.height} px` : 'not known yet';
    const type = item.format ? `${item.content_type} (${item.format})` : item.content_type;
    meta.replaceChildren(
      ...row('Dimensions', el('span', { class: 'dimensions' }, dimensions)),
      ...row('Size', formatBytes(item.size_bytes)),
      ...row('Type', type),
      ...row('Tags', item.tags?.length ? item.tags.join(', ') : 'none'),
      ...row('Description', item.description || 'none'),
      ...row('Uploaded', timeElement(item.upload_time)),
      ...(item.status && item.status !== 'available' ? row('Status', item.status) : []),
      ...(item.sha256 ? row('SHA-256', el('code', { class: 'hash' }, item.sha256)) : []));
  }

  return {
    async open(item, from) {
      current = item;
      invoker = from;
      const alt = altText(item);
      title.textContent = alt;
      image.alt = alt;
      image.removeAttribute('src');
      if (item.width && item.height) {
        image.width = item.width;
        image.height = item.height;
      } else {
        image.removeAttribute('width');
        image.removeAttribute('height');
      }
      loading.hidden = false;
      loading.textContent = 'Loading the full image…';
      openLink.hidden = true;
      confirm.hidden = true;
      describe(item);
      dialog.showModal();

      try {
        const { data } = await call(`/images/${encodeURIComponent(item.image_id)}/download`, { operation: 'download' });
        if (current !== item) return;
        image.src = data.download_url;
        openLink.href = data.download_url;
        openLink.hidden = false;
        image.addEventListener('load', () => { if (current === item) loading.hidden = true; }, { once: true });
      } catch (error) {
        if (current !== item) return;
        loading.textContent = describeError(error);
      }
    },

    close() {
      if (dialog.open) dialog.close();
    },
  };
}
