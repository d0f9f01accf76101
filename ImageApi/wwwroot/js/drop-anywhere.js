// Files dragged over any part of the page can be dropped there to upload them: an overlay says so while they hover.

/** `onDrop(files)`: files were dropped on the page. */
export function acceptDropsAnywhere(onDrop) {
  const overlay = document.getElementById('drop-overlay');
  const carriesFiles = event => event.dataTransfer?.types?.includes('Files') ?? false;

  for (const type of ['dragenter', 'dragover']) {
    window.addEventListener(type, event => {
      // Also for a drag without files: the browser must not leave the page to show what was dropped.
      event.preventDefault();
      if (carriesFiles(event)) overlay.hidden = false;
    });
  }
  // relatedTarget is null only when the drag leaves the window, not when it moves from one element to another.
  window.addEventListener('dragleave', event => { if (event.relatedTarget === null) overlay.hidden = true; });
  window.addEventListener('drop', event => {
    event.preventDefault();
    overlay.hidden = true;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) onDrop(files);
  });
}
