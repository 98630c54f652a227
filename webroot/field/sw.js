// The field app's service worker (scope /field/): keeps the app shell so that the page opens
// without the network, and nothing else. Never caches /api/ responses (they hold personal data)
// except the grid's cell outlines (the map's base layer, public geometry), nor /eventbus.
//
// Updates: the cache name carries VERSION; a new sw.js installs next to the old one, the page
// tells it to skip waiting, it takes over and deletes the older caches, and the page reloads
// once. Shell files are fetched network-first (so a new release shows at once when online) and
// fall back to the cache when the server cannot be reached.
const VERSION = 'gw-field-v1';
const SHELL = VERSION + '-shell';
const GRID = VERSION + '-grid';

const SHELL_FILES = [
  './', './index.html', './field.css', './manifest.webmanifest',
  './js/app.js', './js/strings.js', './js/outbox.js', './js/alerts.js',
  './icons/icon.svg', './icons/icon-192.png', './icons/icon-512.png', './icons/icon-maskable-512.png',
  '../js/shared/api.js', '../js/shared/live.js', '../js/shared/i18n.js', '../js/shared/map.js',
  '../js/shared/format.js', '../js/shared/dom.js',
  '../vendor/maplibre-gl/dist/maplibre-gl.mjs', '../vendor/maplibre-gl/dist/maplibre-gl-shared.mjs',
  '../vendor/maplibre-gl/dist/maplibre-gl-worker.mjs', '../vendor/maplibre-gl/dist/maplibre-gl.css',
  '../vendor/sockjs-client/dist/sockjs.min.js', '../vendor/vertx-eventbus/vertx-eventbus.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then(cache =>
    // no-cache: revalidate with the server rather than take the HTTP cache's copy of an older release.
    cache.addAll(SHELL_FILES.map(u => new Request(u, { cache: 'no-cache' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter(k => k.startsWith('gw-field-') && !k.startsWith(VERSION + '-')).map(k => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
});

function isGrid(url) {
  return url.pathname === '/api/grid/cells';
}

function isShell(url) {
  if (url.origin !== self.location.origin) return false;
  const p = url.pathname;
  return p.startsWith('/field/') || p === '/field' || p.startsWith('/js/shared/') || p.startsWith('/vendor/');
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (isGrid(url)) {
    event.respondWith(networkFirst(req, GRID, false));
    return;
  }
  // Everything else under /api/ and /eventbus goes to the network untouched.
  if (!isShell(url)) return;
  event.respondWith(networkFirst(req, SHELL, req.mode === 'navigate'));
});

async function networkFirst(req, cacheName, navigation) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') cache.put(req, res.clone()).catch(() => {});
    return res;
  } catch (e) {
    // MapLibre asks for its worker with a version query (maplibre-gl-worker.mjs?v=…): the
    // cached file without the query serves it as well.
    const hit = await cache.match(req) || await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    if (navigation) {
      const page = await cache.match('./index.html') || await cache.match('./');
      if (page) return page;
    }
    throw e;
  }
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil((async () => {
    const all = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = all.find(c => new URL(c.url).pathname.startsWith('/field/'));
    if (open) return open.focus();
    return self.clients.openWindow('/field/');
  })());
});
