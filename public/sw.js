// CLV Lens service worker: keeps the app shell (pages, scripts, wasm, styles, sample data) in a
// cache so the app and the widget open with the network off after one visit. It only answers
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
      // Pages are looked up without their query (?view=calc&aov=90… is the same page).
      const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
      if (cached) return cached;
      try {
        return await fetch(request);
      } catch (error) {
        if (request.mode === "navigate") {
          const page = new URL(request.url).pathname.endsWith("embed.html") ? "embed.html" : "./";
          const shell = await cache.match(new URL(page, self.registration.scope).href);
          if (shell) return shell;
        }
        throw error;
      }
    })(),
  );
});
