{% autoescape off %}/* The offline app's service worker, served by kzsafety.field.views.service_worker at /sw.js
so that its scope is the whole site. Workbox (vendored, static/vendor/workbox-7.4.1) does
the caching; nothing is loaded from another origin. Pages: network first, the cached copy
without signal, else the offline page. Our static files: from the cache, refreshed behind.
What it keeps is cleared at log-out (static/js/field/app.js and Clear-Site-Data). */
var CONFIG = {{ config }};
importScripts(CONFIG.workbox, CONFIG.store);
workbox.setConfig({ modulePathPrefix: CONFIG.workboxPrefix, debug: false });

var PAGES = "kz-pages";
var FILES = "kz-files";
var PAGE_URLS = CONFIG.pages;
var FILE_URLS = CONFIG.files;
var OFFLINE_PAGE = CONFIG.offlinePage;
var STATIC_PREFIX = CONFIG.staticPrefix;
// Django varies its pages on Cookie and Accept-Language; the cache holds one user's pages.
var MATCH = { ignoreVary: true };

// Workbox loads a module when it is first used; use them all while the script first runs.
var routing = workbox.routing;
var strategies = workbox.strategies;

async function keep(cacheName, urls, page) {
  var cache = await caches.open(cacheName);
  await Promise.all(
    urls.map(async function (url) {
      try {
        var response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
        // A page that answered with the log-in page is not the page.
        if (response.ok && !(page && response.redirected)) {
          await cache.put(url, response);
        }
      } catch (error) {
        // Without signal now: the page is kept the next time it is opened.
      }
    })
  );
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([keep(PAGES, PAGE_URLS, true), keep(FILES, FILE_URLS, false)]));
  self.skipWaiting();
});

// A new worker comes with every deployment (the template names our files by their hashed
// addresses). When it takes over, what earlier deployments left is deleted, so the device
// does not grow with each: caches of other names, and in the files' cache every older
// version of a file (its address without the hash, app.0123456789ab.js → app.js): for our
// shell files all but the version named now, for the other files all but the newest kept.
var KEPT_CACHES = [PAGES, FILES];
var HASHED = /\.[0-9a-f]{12}(?=\.[^./]+$)/;

function pathOf(url) {
  return new URL(url, self.location.href).pathname;
}

async function prune() {
  var names = await caches.keys();
  await Promise.all(
    names
      .filter(function (name) {
        return KEPT_CACHES.indexOf(name) === -1;
      })
      .map(function (name) {
        return caches.delete(name);
      })
  );
  var cache = await caches.open(FILES);
  var named = {}; // a file's address without the hash → its address now
  FILE_URLS.forEach(function (url) {
    named[pathOf(url).replace(HASHED, "")] = pathOf(url);
  });
  var newest = {};
  var old = [];
  var requests = await cache.keys();
  for (var i = 0; i < requests.length; i++) {
    var request = requests[i];
    var path = pathOf(request.url);
    var plain = path.replace(HASHED, "");
    if (plain in named) {
      if (named[plain] !== path) {
        old.push(request);
      }
      continue;
    }
    var response = await cache.match(request);
    var date = Date.parse((response && response.headers.get("Date")) || "") || 0;
    var seen = newest[plain];
    if (!seen || date >= seen.date) {
      if (seen) {
        old.push(seen.request);
      }
      newest[plain] = { request: request, date: date };
    } else {
      old.push(request);
    }
  }
  await Promise.all(
    old.map(function (request) {
      return cache.delete(request);
    })
  );
}

self.addEventListener("activate", function (event) {
  event.waitUntil(prune().then(function () {
    return self.clients.claim();
  }));
});

// Background Sync: an entry was saved to the outbox (store.js registered the tag); the
// browser wakes this worker when there is a connection, even with no page of the app open.
// The sender is store.js's, with the user, words and CSRF token the last signed-in page
// left in IndexedDB; it sends nothing unless the server's session is still that user's.
self.addEventListener("sync", function (event) {
  if (event.tag === "kzsafety-outbox") {
    event.waitUntil(self.kzField.syncFromWorker());
  }
});

// A page asks to keep its lists and pages again (after log-in, the lists change).
self.addEventListener("message", function (event) {
  if (event.data === "refresh") {
    event.waitUntil(keep(PAGES, PAGE_URLS, true));
  }
});

// Pages only: a download (an export opened by a link is a navigation too) is not kept.
var ONLY_PAGES = {
  cacheWillUpdate: async function (options) {
    var response = options.response;
    var type = (response && response.headers.get("Content-Type")) || "";
    return response && response.status === 200 && type.indexOf("text/html") === 0 ? response : null;
  },
};

routing.registerRoute(
  function (options) {
    return options.request.mode === "navigate";
  },
  new strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 8,
    matchOptions: MATCH,
    plugins: [ONLY_PAGES],
  })
);

routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin && PAGE_URLS.indexOf(options.url.pathname) !== -1;
  },
  new strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 8, matchOptions: MATCH })
);

routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin && options.url.pathname.indexOf(STATIC_PREFIX) === 0;
  },
  new strategies.StaleWhileRevalidate({ cacheName: FILES, matchOptions: MATCH })
);

routing.setCatchHandler(async function (options) {
  if (options.request.mode === "navigate") {
    var page = await caches.match(OFFLINE_PAGE, MATCH);
    if (page) {
      return page;
    }
  }
  return Response.error();
});
{% endautoescape %}
