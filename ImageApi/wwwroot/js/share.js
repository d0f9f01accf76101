// The page of a shared link, /s/{token}: anyone holding the link sees its images, without signing in. It reads them
// from /s/{token}/images (the token never leaves this origin: the page sends no referrer), paints each placeholder on
// a canvas at once (the page's policy allows images from storage only, not data: URLs) and lays the thumbnail over it.

import { paintPlaceholder } from './placeholder.js';

const token = location.pathname.split('/')[2] ?? '';
const grid = document.getElementById('share-grid');
const status = document.getElementById('share-status');
const heading = document.getElementById('share-title');
const viewer = document.getElementById('share-viewer');
const viewerImage = document.getElementById('share-viewer-image');
const viewerTitle = document.getElementById('share-viewer-title');
const original = document.getElementById('share-viewer-original');
let invoker = null;

const MESSAGES = {
  404: 'There is no shared album at this address. Check that the link was copied whole.',
  410: 'This link has expired or was revoked by the person who shared it.',
  429: 'Too many requests from your network: wait a minute, then reload the page.',
};

function describe(image, index, count) {
  const taken = image.taken_at ? `, taken ${image.taken_at.slice(0, 10)}` : '';
  return `Image ${index + 1} of ${count}${taken}`;
}

function card(image, index, count) {
  const label = describe(image, index, count);
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'share-card';
  button.setAttribute('aria-label', `${label}: open larger`);
  if (image.width && image.height) button.style.aspectRatio = `${image.width} / ${image.height}`;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  paintPlaceholder(canvas, image.placeholder);
  button.append(canvas);
  if (image.thumbnail_url) {
    const img = document.createElement('img');
    img.src = image.thumbnail_url;
    img.alt = label;
    img.decoding = 'async';
    img.loading = 'lazy';
    button.append(img);
  }
  button.addEventListener('click', () => open(image, label, button));
  item.append(button);
  return item;
}

function open(image, label, from) {
  invoker = from;
  viewerTitle.textContent = label;
  viewerImage.alt = label;
  viewerImage.src = image.preview_url ?? image.thumbnail_url ?? '';
  original.hidden = !image.original_url;
  if (image.original_url) original.href = image.original_url;
  viewer.showModal();
}

async function load() {
  let response;
  try {
    response = await fetch(`/s/${encodeURIComponent(token)}/images`, { credentials: 'omit', cache: 'no-store' });
  } catch {
    status.textContent = 'The service cannot be reached. Check your connection, then reload the page.';
    return;
  }
  if (!response.ok) {
    status.textContent = MESSAGES[response.status] ?? `The link could not be opened (HTTP ${response.status}).`;
    if (response.status === 404 || response.status === 410) heading.textContent = 'Link no longer available';
    return;
  }
  const link = await response.json();
  if (link.title) {
    heading.textContent = link.title;
    document.title = `${link.title} · shared images`;
  }
  const count = link.images.length;
  grid.replaceChildren(...link.images.map((image, index) => card(image, index, count)));
  const until = new Date(link.expires_at).toLocaleDateString(undefined, { dateStyle: 'long' });
  status.textContent = count === 0
    ? 'No images are shared here any more.'
    : `${count} ${count === 1 ? 'image' : 'images'}, shared until ${until}.`;
}

document.getElementById('share-viewer-close').addEventListener('click', () => viewer.close());
viewer.addEventListener('close', () => {
  viewerImage.removeAttribute('src');
  invoker?.focus();
});

load();
