// The tray of uploads over the bottom corner of the page: it opens with each batch and can be folded away, and being
// fixed over the page, its rows never push the grid.

export function createUploadTray() {
  const tray = document.getElementById('upload-tray');
  const list = document.getElementById('upload-list');
  const toggle = document.getElementById('tray-toggle');

  function expand(expanded) {
    list.hidden = !expanded;
    toggle.setAttribute('aria-expanded', String(expanded));
    toggle.textContent = expanded ? 'Hide' : 'Show';
  }

  toggle.addEventListener('click', () => expand(list.hidden));

  return {
    list,
    /** A batch starts: the tray shows, unfolded. */
    open() {
      tray.hidden = false;
      expand(true);
    },
  };
}
