// The grid of the user's images on the page: a card per image (its placeholder at once, its thumbnail over it), the
// line under the filters that says why there is none, "Load more", and the end of the grid scrolling into view.

import { placeholderUrl } from './placeholder.js';
import { el, formatDate, timeElement } from './ui.js';

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

function cardButton(image, onOpen) {
  const alt = altText(image);
  const button = el('button', { type: 'button', class: 'card-open', 'aria-haspopup': 'dialog' },
    frame(image, alt),
    el('span', { class: 'card-caption' },
      el('span', { class: 'card-title', 'aria-hidden': 'true' }, image.description ?? ''),
      timeElement(image.upload_time)));
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

    /** Adds a card per image at the end of the grid; returns their buttons. */
    append(images) {
      return images.map(image => {
        const button = cardButton(image, onOpen);
        const card = el('li', { class: 'card' }, button);
        card.style.setProperty('--ratio', String(aspectRatio(image)));
        cards.set(image.image_id, card);
        grid.append(card);
        return button;
      });
    },

    remove(imageId) {
      cards.get(imageId)?.remove();
      cards.delete(imageId);
    },

    clear() {
      grid.replaceChildren();
      cards.clear();
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
