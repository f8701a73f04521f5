// CLV Lens service worker: keeps the app shell (pages, scripts, wasm, styles, every language's
// texts, sample data) in a cache so the app and the widget open with the network off after one
// visit. Pages come from
// the network when it answers (a new release shows at once), everything else from the cache. It only answers
// this site's own GET requests from the cache; it never sends anything anywhere.
// scripts/finish-dist.mjs fills in the file list and the version at build time.
const VERSION = "__VERSION__";
const SHELL = __SHELL__;
const CACHE = `clv-lens-${VERSION}`;

self.addEventListener("install", (event) => {
  // Relative to this file, so it works under a sub-path (https://user.github.io/clv-lens/).
  const urls = SHELL.map((path) => new URL(path, self.registration.scope).href);
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(urls))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("clv-lens-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (request.mode === "navigate") {
        // Pages from the network first, so a new release shows on the first reload; from the
        // cache when the network is off. (Their scripts and wasm have hashed names: a new
        // page asks for new files, which the network serves until the new worker caches them.)
        try {
          return await fetch(request);
        } catch (error) {
          const page = new URL(request.url).pathname.endsWith("embed.html") ? "embed.html" : "./";
          const shell = await cache.match(new URL(page, self.registration.scope).href);
          if (shell) return shell;
          throw error;
        }
      }
      const cached = await cache.match(request);
      return cached || fetch(request);
    })(),
  );
});
