// The grid of the user's images on the page: a card per image (its placeholder at once, its thumbnail over it), the
// line under the filters that says why there is none, "Load more", and the end of the grid scrolling into view.

import { placeholderUrl } from './placeholder.js';
import { el, formatDate, formatDay, timeElement } from './ui.js';

/** The text that stands for an image: its description, else when it was uploaded. */
export function altText(image) {
  return image.description?.trim() || `Image uploaded ${formatDate(image.upload_time)}`;
}

function placeholder(image, alt, text) {
  const type = (image.format || image.content_type?.replace(/^image\//, '') || 'image').toUpperCase();
  const label = text ?? (image.status === 'pending' ? 'Processing…' : type);
  return el('span', { class: 'thumb placeholder', role: 'img', 'aria-label': alt }, el('span', { 'aria-hidden': 'true' }, label));
}

/**
 * The picture's box: shaped by the image's width and height and painted with its placeholder before the thumbnail
 * (laid over it) arrives, so nothing moves when it does.
 */
function frame(image, alt) {
  const box = el('span', { class: 'frame' });
  const preview = placeholderUrl(image.placeholder);
  if (preview) box.style.backgroundImage = `url("${preview}")`;
  if (!image.thumbnail_url) {
    box.append(placeholder(image, alt));
    return box;
  }
  const img = el('img', { class: 'thumb', src: image.thumbnail_url, alt, decoding: 'async', loading: 'lazy' });
  // Not behind a thumbnail with transparent parts.
  img.addEventListener('load', () => { box.style.backgroundImage = ''; }, { once: true });
  // A URL that expired or a thumbnail not made yet: say so rather than show a broken image.
  img.addEventListener('error', () => img.replaceWith(placeholder(image, alt, 'No preview')), { once: true });
  box.append(img);
  return box;
}

/** Width / height, for the card's share of its row; square while the dimensions are not known. */
function aspectRatio(image) {
  return image.width > 0 && image.height > 0 ? image.width / image.height : 1;
}

/**
 * The day an image belongs to on the timeline, YYYY-MM-DD: the camera's calendar day when the file says when it was
 * taken (the day where it was taken, as its owner remembers it), else the viewer's day of the upload.
 */
export function dayOf(image) {
  if (image.taken_at) return image.taken_at.slice(0, 10);
  const uploaded = new Date(image.upload_time);
  const pad = n => String(n).padStart(2, '0');
  return `${uploaded.getFullYear()}-${pad(uploaded.getMonth() + 1)}-${pad(uploaded.getDate())}`;
}

function cardButton(image, onOpen, byDay) {
  const alt = altText(image);
  const button = el('button', { type: 'button', class: 'card-open', 'aria-haspopup': 'dialog' },
    frame(image, alt),
    el('span', { class: 'card-caption' },
      el('span', { class: 'card-title', 'aria-hidden': 'true' }, image.description ?? ''),
      timeElement(byDay && image.taken_at ? image.taken_at : image.upload_time)));
  button.addEventListener('click', () => onOpen(image, button));
  return button;
}

/** `onOpen(image, button)`: a card was chosen; `onNearEnd`: the end of the grid is (nearly) in view; `onLoadMore`: pressed. */
export function createGalleryView({ onOpen, onNearEnd, onLoadMore }) {
  const grid = document.getElementById('grid');
  const message = document.getElementById('gallery-message');
  const loadMoreButton = document.getElementById('load-more');
  const sentinel = document.getElementById('sentinel');
  const heading = document.getElementById('gallery-heading');
  const cards = new Map();
  let lastDay = null;

  const observer = new IntersectionObserver(entries => {
    if (entries.some(entry => entry.isIntersecting)) onNearEnd();
  }, { rootMargin: '400px 0px' });
  observer.observe(sentinel);
  loadMoreButton.addEventListener('click', () => onLoadMore());

  return {
    showMessage(text) {
      message.textContent = text;
    },

    /** While a page is on its way, assistive technology waits for it rather than read a grid half filled. */
    showLoading(loading) {
      grid.setAttribute('aria-busy', String(loading));
    },

    showLoadMore(visible) {
      loadMoreButton.hidden = !visible;
    },

    /** Adds a card per image at the end of the grid (with `byDay`, a heading before each new day); returns their buttons. */
    append(images, { byDay = false } = {}) {
      return images.map(image => {
        if (byDay && dayOf(image) !== lastDay) {
          // The row before the heading ends at its natural size, as the grid's last row does.
          if (lastDay !== null) grid.append(el('li', { class: 'day-end', 'aria-hidden': 'true' }));
          lastDay = dayOf(image);
          grid.append(el('li', { class: 'day-heading' }, el('h3', {}, formatDay(lastDay))));
        }
        const button = cardButton(image, onOpen, byDay);
        const card = el('li', { class: 'card' }, button);
        card.style.setProperty('--ratio', String(aspectRatio(image)));
        cards.set(image.image_id, card);
        grid.append(card);
        return button;
      });
    },

    /** Cards as toggles (pressed: chosen) while selecting; as buttons that open the viewer otherwise. */
    showSelecting(selecting, chosen) {
      for (const [imageId, card] of cards) {
        const button = card.querySelector('.card-open');
        if (selecting) {
          button.removeAttribute('aria-haspopup');
          button.setAttribute('aria-pressed', String(chosen.has(imageId)));
        } else {
          button.removeAttribute('aria-pressed');
          button.setAttribute('aria-haspopup', 'dialog');
        }
      }
    },

    remove(imageId) {
      const card = cards.get(imageId);
      const before = card?.previousElementSibling;
      const after = card?.nextElementSibling;
      card?.remove();
      cards.delete(imageId);
      // A day whose last image went keeps no heading of its own.
      if (before?.classList.contains('day-heading') && (!after || after.classList.contains('day-end'))) {
        // One of the ends around the day goes with it: the one after it, or for the last day the one before it.
        const end = after ?? before.previousElementSibling;
        if (end?.classList.contains('day-end')) end.remove();
        before.remove();
      }
    },

    clear() {
      grid.replaceChildren();
      cards.clear();
      lastDay = null;
    },

    focusHeading() {
      heading.focus();
    },

    /** Still at the end of the grid (a tall screen, a short page): the observer will not fire again by itself. */
    watchEndAgain() {
      observer.unobserve(sentinel);
      observer.observe(sentinel);
    },
  };
}
