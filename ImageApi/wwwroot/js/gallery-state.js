// What the gallery lists, with neither DOM nor fetching: the filters, the images shown so far, the URL of the next
// page, whether a page is on its way or failed, and the image open in the viewer.

export class GalleryState {
  filters = { tag: '', from: '', to: '', order: 'uploaded' };
  images = [];
  /** The URL of the next page; null once the last one is listed, after a failure, or with nobody signed in. */
  next = null;
  loading = false;
  failed = false;
  /** The image open in the viewer, or null. */
  selected = null;
  // Bumped by each start over, so that a page asked for before it is dropped when it arrives.
  #generation = 0;

  /** On the timeline (by date taken) the grid shows a heading per day. */
  get byDay() {
    return this.filters.order === 'taken';
  }

  get filtered() {
    return Boolean(this.filters.tag || this.filters.from || this.filters.to);
  }

  /** Forgets what was listed, and any page on its way; lists from `firstPage` next (null: nothing to list). */
  startOver(firstPage) {
    this.#generation++;
    this.images = [];
    this.next = firstPage;
    this.loading = false;
    this.failed = false;
  }

  /** The next page to load, now marked as on its way; null when there is none or one is on its way already. */
  takeNextPage() {
    if (this.next === null || this.loading) return null;
    this.loading = true;
    return { url: this.next, generation: this.#generation };
  }

  /** Whether a page taken earlier still belongs to this listing (no start over since). */
  isCurrent(page) {
    return page.generation === this.#generation;
  }

  pageLoaded(images, next) {
    this.images.push(...images);
    this.next = next;
    this.loading = false;
  }

  pageFailed() {
    this.next = null;
    this.failed = true;
    this.loading = false;
  }

  remove(imageId) {
    this.images = this.images.filter(image => image.image_id !== imageId);
  }
}
