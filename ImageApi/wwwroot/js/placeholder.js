// An image's `placeholder` (a base64 ThumbHash from the listing) as a blurred preview, to paint in the picture's box
// at once, long before the thumbnail arrives: as a data: URL (the gallery) or on a canvas (the shared page, whose
// policy allows no data: images).

import { thumbHashToRGBA } from './thumbhash.js';

let canvas = null;

/** Paints the preview on `target`, sized to the hash; false when there is no placeholder or it cannot be decoded. */
export function paintPlaceholder(target, base64) {
  if (typeof base64 !== 'string' || base64 === '') return false;
  try {
    const hash = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const { w, h, rgba } = thumbHashToRGBA(hash);
    target.width = w;
    target.height = h;
    target.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer), w, h), 0, 0);
    return true;
  } catch {
    return false;
  }
}

/** A PNG data: URL of the preview, or null when there is no placeholder or it cannot be decoded. */
export function placeholderUrl(base64) {
  canvas ??= document.createElement('canvas');
  return paintPlaceholder(canvas, base64) ? canvas.toDataURL() : null;
}
