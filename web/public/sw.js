// The playground's service worker: on install it caches every file of this
// site (listed in precache.json by the build), so the playground opens and
// analyses offline once it has been loaded. It serves only this origin's
// GET requests, from the network when it answers and from the cache when it
// does not; nothing the user types or drops ever passes through a request.

const CACHE = "gotrap-playground-v1";

self.addEventListener("install", (event) => {
  event.waitUntil(
    fetch("./precache.json")
      .then((response) => response.json())
      .then((files) => caches.open(CACHE).then((cache) => cache.addAll(files)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      // The server's responses vary on Origin, which module scripts send and precaching did not.
      .catch(() => caches.match(request, { ignoreSearch: true, ignoreVary: true }).then((cached) => cached ?? Response.error())),
  );
});
