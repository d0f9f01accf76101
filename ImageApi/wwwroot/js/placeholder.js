// An image's `placeholder` (a base64 ThumbHash from the listing) as a data: URL of its blurred preview, to paint in
// the picture's box at once, long before the thumbnail arrives.

import { thumbHashToRGBA } from './thumbhash.js';

let canvas = null;

/** A PNG data: URL of the preview, or null when there is no placeholder or it cannot be decoded. */
export function placeholderUrl(base64) {
  if (typeof base64 !== 'string' || base64 === '') return null;
  try {
    const hash = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const { w, h, rgba } = thumbHashToRGBA(hash);
    canvas ??= document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer), w, h), 0, 0);
    return canvas.toDataURL();
  } catch {
    return null;
  }
}
