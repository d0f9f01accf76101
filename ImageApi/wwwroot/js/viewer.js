// The dialog that shows one image: the picture once its variants' URLs arrive (the browser picks one through srcset;
// the original is only a download link, never loaded to look at), its metadata, and delete behind a
// confirmation. It only shows and asks: what to fetch and what to delete is gallery.js's.

import { altText } from './gallery-view.js';
import { el, formatBytes, timeElement } from './ui.js';

function detail(term, ...value) {
  return [el('dt', {}, term), el('dd', {}, ...value)];
}

function details(image) {
  const dimensions = image.width && image.height ? `${image.width} × ${image.height} px` : 'not known yet';
  const type = image.format ? `${image.content_type} (${image.format})` : image.content_type;
  return [
    ...detail('Dimensions', dimensions),
    ...detail('Size', formatBytes(image.size_bytes)),
    ...detail('Type', type),
    ...detail('Tags', image.tags?.length ? image.tags.join(', ') : 'none'),
    ...detail('Description', image.description || 'none'),
    ...detail('Uploaded', timeElement(image.upload_time)),
    ...(image.status && image.status !== 'available' ? detail('Status', image.status) : []),
    ...(image.sha256 ? detail('SHA-256', el('code', { class: 'hash' }, image.sha256)) : []),
  ];
}

/** `onDeleteConfirmed`: "Yes, delete" was pressed; `onShare`: "Share…" was pressed; `onClosed`: the dialog closed, however. */
export function createViewer({ onDeleteConfirmed, onShare, onClosed }) {
  const dialog = document.getElementById('viewer');
  const title = document.getElementById('viewer-title');
  const picture = document.getElementById('viewer-image');
  const loading = document.getElementById('viewer-loading');
  const meta = document.getElementById('viewer-meta');
  const downloadLink = document.getElementById('viewer-download');
  const deleteButton = document.getElementById('delete-button');
  const confirm = document.getElementById('confirm-delete');
  const confirmYes = document.getElementById('confirm-yes');
  const confirmNo = document.getElementById('confirm-no');

  let invoker = null;

  document.getElementById('viewer-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    clearPicture();
    confirm.hidden = true;
    if (invoker?.isConnected) invoker.focus();
    onClosed();
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
  confirmYes.addEventListener('click', () => onDeleteConfirmed());
  document.getElementById('viewer-share').addEventListener('click', () => onShare());

  function clearPicture() {
    picture.removeAttribute('srcset');
    picture.removeAttribute('src');
  }

  function showProblem(text) {
    loading.hidden = false;
    loading.textContent = text;
  }

  return {
    /** Opens the dialog on `image`, its picture still loading; closing it gives focus back to `from`. */
    show(image, from) {
      invoker = from;
      const alt = altText(image);
      title.textContent = alt;
      picture.alt = alt;
      clearPicture();
      if (image.width && image.height) {
        picture.width = image.width;
        picture.height = image.height;
      } else {
        picture.removeAttribute('width');
        picture.removeAttribute('height');
      }
      loading.hidden = false;
      loading.textContent = 'Loading the picture…';
      downloadLink.hidden = true;
      confirm.hidden = true;
      meta.replaceChildren(...details(image));
      dialog.showModal();
    },

    /** `variants`: `{ url, width }` smallest first (none: the image predates thumbnails, show the original). */
    showPicture(variants, originalUrl) {
      const srcset = variants.map(({ url, width }) => `${url} ${width}w`).join(', ');
      const src = variants.at(-1)?.url ?? originalUrl;
      picture.addEventListener('load', () => { if (picture.getAttribute('src') === src) loading.hidden = true; }, { once: true });
      if (srcset) picture.srcset = srcset;
      picture.src = src;
      downloadLink.href = originalUrl;
      downloadLink.hidden = false;
    },

    showProblem,

    showDeleteFailed(text) {
      confirm.hidden = true;
      showProblem(text);
    },

    setDeleting(deleting) {
      confirmYes.disabled = deleting;
    },

    /** Closes the dialog; `returnFocus: false` when the card it was opened from is going away. */
    close({ returnFocus = true } = {}) {
      if (!returnFocus) invoker = null;
      if (dialog.open) dialog.close();
    },
  };
}
