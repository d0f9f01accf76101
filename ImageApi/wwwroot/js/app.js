// Entry point: asks the server how users identify (user id, or a bearer token), then wires identity, uploads,
// filters and the gallery together.

import { authMode, call, currentUser, forgetToken, isSignedIn, onUnauthorized, setAuthMode, useToken, useUserId } from './api.js';
import { acceptDropsAnywhere } from './drop-anywhere.js';
import { createGallery } from './gallery.js';
import { forgetUploadsOf } from './resume-store.js';
import { createSharing } from './shares.js';
import { createTrash } from './trash.js';
import { alertUser, announce, formatDate } from './ui.js';
import { createUploadTray } from './upload-tray.js';
import { createUploader } from './uploads.js';
import { createUsageMeter } from './usage.js';

const $ = id => document.getElementById(id);

const userForm = $('user-form');
const tokenForm = $('token-form');
const signedIn = $('signed-in');
const uploadFieldset = $('upload-fieldset');

const sharing = createSharing();
const usage = createUsageMeter();
const gallery = createGallery({ onShare: imageIds => sharing.open(imageIds), onDeleted: () => usage.refresh() });
const tray = createUploadTray();
const trash = createTrash({ onRestored: () => gallery.reload(), onChanged: () => usage.refresh() });
const uploader = createUploader({
  list: tray.list,
  onUploaded: () => { gallery.reload(); usage.refresh(); },
  onShowExisting: (imageId, invoker) => gallery.showImage(imageId, invoker),
  onOverQuota: () => usage.refresh(),
  onOpenTrash: () => trash.open(),
});
onUnauthorized(signOutAfterRefusal);

function signedOutText() {
  return authMode() === 'jwt' ? 'Paste a bearer token above to see and upload your images.' : 'Type a user id above to see and upload images.';
}

function showIdentity() {
  const jwt = authMode() === 'jwt';
  userForm.hidden = jwt;
  tokenForm.hidden = !jwt || isSignedIn();
  signedIn.hidden = !jwt || !isSignedIn();
  uploadFieldset.disabled = !isSignedIn();
}

function signOutAfterRefusal() {
  if (authMode() !== 'jwt') return;
  forgetToken();
  showIdentity();
  gallery.clear(signedOutText());
  usage.clear();
  alertUser('Not signed in: the server refused the token (401 Unauthorized). '
    + 'It may have expired, or come from another issuer or for another audience. Paste a new one.');
  $('token').focus();
}

userForm.addEventListener('submit', event => {
  event.preventDefault();
  const userId = $('user-id').value.trim();
  if (!userId) return;
  useUserId(userId);
  const url = new URL(location.href);
  url.searchParams.set('user', userId);
  history.replaceState(null, '', url);
  alertUser('');
  showIdentity();
  announce(`Showing the images of ${userId}.`);
  gallery.reload();
  usage.refresh();
});

tokenForm.addEventListener('submit', event => {
  event.preventDefault();
  const field = $('token');
  try {
    const { user, expiresAt } = useToken(field.value);
    field.value = '';
    $('signed-in-user').textContent = user;
    $('signed-in-expiry').textContent = expiresAt ? ` (token valid until ${formatDate(expiresAt.toISOString())})` : '';
    alertUser('');
    showIdentity();
    announce(`Signed in as ${user}.`);
    gallery.reload();
    usage.refresh();
  } catch (error) {
    alertUser(error.message);
    field.focus();
  }
});

$('sign-out').addEventListener('click', () => {
  forgetUploadsOf(currentUser());
  forgetToken();
  showIdentity();
  gallery.clear(signedOutText());
  usage.clear();
  announce('Token forgotten.');
  $('token').focus();
});

function startUploads(files) {
  if (!isSignedIn()) {
    alertUser(authMode() === 'jwt' ? 'Paste a bearer token first: uploads need it.' : 'Type a user id first: uploads belong to a user.');
    return;
  }
  if (files.length > 0) tray.open();
  uploader.upload(files, { tags: $('upload-tags').value, description: $('upload-description').value });
}

$('files').addEventListener('change', event => {
  const files = [...event.target.files];
  event.target.value = '';
  startUploads(files);
});

acceptDropsAnywhere(startUploads);

$('filter-form').addEventListener('submit', event => {
  event.preventDefault();
  const from = $('filter-from').value;
  const to = $('filter-to').value;
  if (from && to && from > to) {
    announce('“From” must not be after “To”.');
    $('filter-to').focus();
    return;
  }
  gallery.setFilters({ tag: $('filter-tag').value.trim(), from, to, order: $('filter-order').value });
});
$('filter-form').addEventListener('reset', () => {
  gallery.setFilters({ tag: '', from: '', to: '', order: 'uploaded' });
});
// The order changes the listing at once: nothing else to fill in first.
$('filter-order').addEventListener('change', () => $('filter-form').requestSubmit());

async function start() {
  try {
    const { data } = await call('/gallery/config');
    setAuthMode(data?.auth_mode);
    uploader.limitConfirmations(data?.max_confirmations_per_caller);
  } catch {
    // An older server without the endpoint: assume no auth, and a 401 will say otherwise.
    setAuthMode('none');
  }
  $('config-loading').remove();
  showIdentity();

  const user = new URL(location.href).searchParams.get('user');
  if (authMode() === 'none' && user) {
    $('user-id').value = user;
    userForm.requestSubmit();
  } else {
    gallery.clear(signedOutText());
  }
}

start();
