// The user's images, newest first: one list call per page (thumbnail URLs included, no call per image), more pages
// through the Link header as the end of the grid scrolls into view, a dialog with the image (its 1024 px variant, the
// original as a download) and its metadata, and delete with a confirmation. This module decides what happens; gallery-state.js holds what is listed,
// gallery-api.js fetches, and gallery-view.js and viewer.js show.

import { describeError, isSignedIn } from './api.js';
import { deleteImage, fetchDownloadUrl, fetchImage, fetchPage, fetchVariants, firstPageUrl } from './gallery-api.js';
import { GalleryState } from './gallery-state.js';
import { altText, createGalleryView } from './gallery-view.js';
import { announce } from './ui.js';
import { createViewer } from './viewer.js';

/**
 * `onShare(imageIds)`: the user asked for a link to these images (the one in the viewer, or every one shown);
 * `onDeleted`: an image went to the trash (or for good, where the server keeps no trash).
 */
export function createGallery({ onShare, onDeleted = () => {} } = {}) {
  const state = new GalleryState();
  const view = createGalleryView({ onOpen: open, onNearEnd: () => loadMore(), onLoadMore: () => loadMore(true) });
  const viewer = createViewer({
    onDeleteConfirmed: deleteSelected,
    onShare: () => { if (state.selected) onShare?.([state.selected.image_id]); },
    onClosed: () => { state.selected = null; },
  });
  const shareButton = document.getElementById('share-shown');
  const selectButton = document.getElementById('select-toggle');
  // In selection mode a card is a toggle: the share button then shares what is chosen instead of every image shown.
  const chosen = new Set();
  let selecting = false;

  function showSelection() {
    selectButton.setAttribute('aria-pressed', String(selecting));
    selectButton.textContent = selecting ? 'Done selecting' : 'Select';
    shareButton.textContent = selecting ? `Share selected (${chosen.size})…` : 'Share shown…';
    shareButton.disabled = selecting && chosen.size === 0;
    view.showSelecting(selecting, chosen);
  }

  selectButton.addEventListener('click', () => {
    selecting = !selecting;
    chosen.clear();
    showSelection();
    announce(selecting ? 'Choose the images to share, then press Share selected.' : 'Selection ended.');
  });
  shareButton.addEventListener('click', () => {
    const ids = selecting
      ? [...chosen]
      : state.images.filter(image => image.status === 'available').map(image => image.image_id);
    if (ids.length > 0) onShare?.(ids);
    else announce('No images shown to share.');
  });

  function toggleChosen(image) {
    if (image.status !== 'available') {
      announce(`“${altText(image)}” is not ready to share yet.`);
      return;
    }
    if (chosen.has(image.image_id)) chosen.delete(image.image_id);
    else chosen.add(image.image_id);
    showSelection();
  }

  function showControls() {
    view.showLoading(state.loading);
    view.showLoadMore(state.next !== null);
    if (state.images.length === 0 && !state.loading && !state.failed && isSignedIn()) {
      view.showMessage(state.filtered ? 'No images match these filters.' : 'No images yet: upload some above.');
    }
  }

  async function loadMore(fromButton = false) {
    if (!isSignedIn()) return;
    const page = state.takeNextPage();
    if (!page) return;
    view.showLoading(true);
    try {
      const { images, next } = await fetchPage(page.url);
      if (!state.isCurrent(page)) return;
      state.pageLoaded(images, next);
      const buttons = view.append(images, { byDay: state.byDay });
      if (selecting) view.showSelecting(true, chosen);
      if (state.images.length > 0) view.showMessage('');
      if (fromButton && buttons.length > 0) buttons[0].focus();
      announce(`${state.images.length} images shown${next ? ', more to load' : ''}.`);
    } catch (error) {
      if (!state.isCurrent(page)) return;
      state.pageFailed();
      view.showMessage(describeError(error));
    } finally {
      showControls();
    }
    if (state.next !== null) view.watchEndAgain();
  }

  async function open(image, invoker) {
    if (selecting) {
      toggleChosen(image);
      return;
    }
    state.selected = image;
    viewer.show(image, invoker);
    try {
      const [variants, original] = await Promise.all([fetchVariants(image), fetchDownloadUrl(image)]);
      if (state.selected === image) viewer.showPicture(variants, original);
    } catch (error) {
      if (state.selected === image) viewer.showProblem(describeError(error));
    }
  }

  async function deleteSelected() {
    const image = state.selected;
    if (!image) return;
    viewer.setDeleting(true);
    let existed;
    try {
      existed = await deleteImage(image);
    } catch (error) {
      viewer.showDeleteFailed(describeError(error));
      return;
    } finally {
      viewer.setDeleting(false);
    }
    announce(existed ? `Deleted “${altText(image)}”.` : `“${altText(image)}” was already deleted.`);
    onDeleted();
    viewer.close({ returnFocus: false });
    state.remove(image.image_id);
    view.remove(image.image_id);
    showControls();
    view.focusHeading();
  }

  function startOver(firstPage) {
    state.startOver(firstPage);
    view.clear();
    viewer.close();
  }

  return {
    /** Starts again from the newest image (after sign-in, an upload batch or a filter change). */
    async reload() {
      if (!isSignedIn()) {
        startOver(null);
        showControls();
        return;
      }
      startOver(firstPageUrl(state.filters));
      view.showMessage('Loading…');
      await loadMore();
    },

    /** Opens the viewer on one image by its id (an upload found it was already there), listed or not. */
    async showImage(imageId, invoker) {
      try {
        await open(await fetchImage(imageId), invoker);
      } catch (error) {
        announce(describeError(error));
      }
    },

    setFilters(filters) {
      state.filters = filters;
      return this.reload();
    },

    /** Nobody signed in: an empty gallery and a line that says what to do. */
    clear(text) {
      startOver(null);
      view.showMessage(text);
      showControls();
    },
  };
}
