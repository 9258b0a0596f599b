// Offline use: a service worker (public/sw.js) caches this site's own files
// when it installs, so one visit is enough.

export function enableOffline(): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("./sw.js").catch(() => {
    // Without a service worker the playground still works; only offline use is lost.
  });
}
