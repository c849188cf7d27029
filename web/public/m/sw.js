/*
 * The engineer app's service worker (/m/sw.js, scope /m/). It keeps the app shell, so /m/ opens
 * with no network, and the last answer of each API read, so the engineer's tickets can be read
 * offline. Writes never pass through a cache: the app queues them in IndexedDB and sends them
 * itself when the network returns.
 *
 * - The shell: at install, and again after an online page load, the files listed in
 *   /m/precache.json (written by the build: the HTML, its scripts and styles, every lazy
 *   screen, the icons) are cached. Hashed assets are fetched once; the HTML is fetched last,
 *   so a cached page never names a file that is not cached.
 * - Pages: network first (a fresh build shows at once), the cached /m/ when offline.
 * - API reads: network first, the last answer kept; offline, the kept answer, or a 503 in the
 *   API's error shape. A request marked X-Loopdesk-Fresh (the outbox checking the server's
 *   state before a send) gets the network's answer or a network error, never a kept copy.
 */
/* global self, caches */
const SHELL = 'loopdesk-m-shell';
const API = 'loopdesk-m-api';
const NAVIGATION_TIMEOUT_MS = 4000;
const REFRESH_EVERY_MS = 60_000;
let lastRefresh = 0;

const absolute = (path) => new URL(path, self.location.origin).href;

async function refreshShell() {
  lastRefresh = Date.now();
  const listed = await fetch('/m/precache.json', { cache: 'no-store' });
  if (!listed.ok) throw new Error(`/m/precache.json: HTTP ${listed.status}`);
  const { files } = await listed.json();
  const cache = await caches.open(SHELL);
  const cached = new Set((await cache.keys()).map((request) => request.url));
  // Hashed assets never change under their name; the rest (icons, manifest) may.
  const toFetch = files.filter((file) => file !== '/m/' && !(file.startsWith('/assets/') && cached.has(absolute(file))));
  await cache.addAll(toFetch.map((file) => new Request(file, { cache: 'no-cache' })));
  await cache.add(new Request('/m/', { cache: 'no-cache' }));
  const wanted = new Set(files.map(absolute));
  for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
}

self.addEventListener('install', (event) => {
  event.waitUntil(refreshShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function offlineAnswer() {
  const error = { code: 'offline', message: '离线，且没有保存的数据。Offline, and nothing saved for this yet.', details: {} };
  return new Response(JSON.stringify({ error }), { status: 503, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

async function apiRead(request) {
  const fresh = request.headers.get('X-Loopdesk-Fresh') === '1';
  const cache = await caches.open(API);
  let response;
  try {
    response = await fetch(request);
  } catch {
    if (fresh) return Response.error();
    return (await cache.match(request, { ignoreVary: true })) ?? offlineAnswer();
  }
  // A session that ended takes its saved answers with it: the next person on this phone must not read them.
  if (response.status === 401) await caches.delete(API);
  else if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function page(event) {
  const network = fetch(event.request);
  network.catch(() => undefined); // handled below; not an unhandled rejection when the cache answers
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) {
      if (response.ok && Date.now() - lastRefresh > REFRESH_EVERY_MS) event.waitUntil(refreshShell().catch(() => undefined));
      return response;
    }
  } catch {
    // Offline: the kept shell below.
  }
  const cached = await caches.match('/m/', { cacheName: SHELL });
  return cached ?? network;
}

async function shellFile(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith('/assets/')) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    // Live streams are not answers to keep.
    if ((request.headers.get('Accept') ?? '').includes('text/event-stream')) return;
    event.respondWith(apiRead(request));
  } else if (request.mode === 'navigate') {
    if (url.pathname === '/m' || url.pathname.startsWith('/m/')) event.respondWith(page(event));
  } else if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/m/')) {
    event.respondWith(shellFile(request));
  }
});
