// The offline app's store: entries kept in IndexedDB (photos as Blobs), and the sender that
// empties the outbox one entry at a time. Loaded on every signed-in page (templates/field/
// _app.html); the words come from that element's data attributes, in the page's language.
(function () {
  "use strict";

  var DB_NAME = "kzsafety-field";
  var STORE = "entries";
  var app = document.getElementById("field-app");
  var config = app ? app.dataset : {};
  var dbPromise = null;
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("kzsafety-outbox") : null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id" });
        };
        request.onsuccess = function () {
          var db = request.result;
          // Another tab deleting the database (log-out) must not wait for this one.
          db.onversionchange = function () {
            db.close();
            dbPromise = null;
          };
          resolve(db);
        };
        request.onerror = function () {
          reject(request.error);
        };
      });
    }
    return dbPromise;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () {
          resolve(result && "result" in result ? result.result : result);
        };
        tx.onerror = function () {
          reject(tx.error);
        };
      });
    });
  }

  function changed() {
    window.dispatchEvent(new CustomEvent("kz-outbox-changed"));
    if (channel) {
      channel.postMessage("changed");
    }
  }
  if (channel) {
    channel.onmessage = function () {
      window.dispatchEvent(new CustomEvent("kz-outbox-changed"));
    };
  }

  function all() {
    return run("readonly", function (store) {
      return store.getAll();
    }).then(function (entries) {
      // Only this user's: a device shared without logging out shows nobody else's.
      return entries
        .filter(function (entry) {
          return String(entry.user) === String(config.user);
        })
        .sort(function (a, b) {
          return a.created - b.created;
        });
    });
  }

  function get(id) {
    return run("readonly", function (store) {
      return store.get(id);
    }).then(function (entry) {
      return entry && String(entry.user) === String(config.user) ? entry : undefined;
    });
  }

  function put(entry) {
    entry.updated = Date.now();
    return run("readwrite", function (store) {
      store.put(entry);
    }).then(function () {
      changed();
      return entry;
    });
  }

  function remove(id) {
    return run("readwrite", function (store) {
      store.delete(id);
    }).then(changed);
  }

  function newEntry(kind) {
    return {
      id: crypto.randomUUID(), // the one-time key the server records
      kind: kind,
      user: config.user,
      state: "draft",
      created: Date.now(),
      errors: {},
      data: {},
    };
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // The entry as the server takes it: the values as JSON, the photos as files (`photo` for
  // the entry's own, `photo-N` for the N-th item's).
  function body(entry) {
    var form = new FormData();
    var payload = {};
    Object.keys(entry.data).forEach(function (name) {
      var value = entry.data[name];
      if (name === "photo" || name === "photoName") {
        if (name === "photo" && value) {
          form.append("photo", value, entry.data.photoName || "photo");
        }
      } else if (Array.isArray(value)) {
        payload[name] = value.map(function (item, index) {
          var copy = Object.assign({}, item);
          if (copy.photo) {
            form.append("photo-" + index, copy.photo, copy.photoName || "photo");
          }
          delete copy.photo;
          delete copy.photoName;
          return copy;
        });
      } else {
        payload[name] = value;
      }
    });
    form.append("key", entry.id);
    form.append("payload", JSON.stringify(payload));
    return form;
  }

  function sendingAddress(entry) {
    return config["send" + entry.kind.charAt(0).toUpperCase() + entry.kind.slice(1)];
  }

  // Send one entry; resolves to false when the connection or the session stopped it (the
  // entry waits as saved and the rest are not tried now).
  async function sendOne(entry) {
    entry.state = "sending";
    entry.note = "";
    await put(entry);
    var response;
    try {
      response = await fetch(sendingAddress(entry), {
        method: "POST",
        body: body(entry),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
    } catch (error) {
      entry.state = "saved";
      await put(entry);
      return false;
    }
    var answer = null;
    if ((response.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
      answer = await response.json().catch(function () {
        return null;
      });
    }
    if (answer && answer.state === "sent") {
      entry.state = "sent";
      entry.url = answer.url;
      entry.errors = {};
      // On the server now: free the device of the photos.
      entry.data.photo = null;
      Object.keys(entry.data).forEach(function (name) {
        if (Array.isArray(entry.data[name])) {
          entry.data[name].forEach(function (item) {
            item.photo = null;
          });
        }
      });
      await put(entry);
      return true;
    }
    if (answer && answer.state === "refused") {
      entry.state = "refused";
      entry.errors = answer.errors || {};
      await put(entry);
      return true;
    }
    entry.state = "saved";
    entry.note = response.redirected || response.status === 403 ? config.logInAgain : config.serverTrouble;
    await put(entry);
    return false;
  }

  var sending = false;
  var KEEP_SENT_MS = 7 * 24 * 3600 * 1000;

  // A sent entry stays in the outbox for a week (with its link), then leaves the device.
  function forgetOldSent(entries) {
    var old = entries.filter(function (entry) {
      return entry.state === "sent" && Date.now() - entry.updated > KEEP_SENT_MS;
    });
    return Promise.all(
      old.map(function (entry) {
        return remove(entry.id);
      })
    );
  }

  // One sender per device at a time (two tabs, a double tap), entries in the order made.
  function sendAll() {
    if (!navigator.onLine || sending) {
      return Promise.resolve();
    }
    var work = async function () {
      sending = true;
      try {
        var entries = await all();
        for (var i = 0; i < entries.length; i++) {
          var entry = entries[i];
          // "sending" left by a closed tab: its answer never came; the key makes it safe.
          if (entry.state === "saved" || entry.state === "sending") {
            if (!(await sendOne(entry))) {
              break;
            }
          }
        }
        await forgetOldSent(entries);
      } finally {
        sending = false;
      }
    };
    if (navigator.locks) {
      return navigator.locks.request("kzsafety-outbox", work);
    }
    return work();
  }

  // Log-out: nothing of this user stays on the device.
  async function clearDevice() {
    if (dbPromise) {
      var db = await dbPromise.catch(function () {
        return null;
      });
      if (db) {
        db.close();
      }
      dbPromise = null;
    }
    await new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = function () {
        resolve();
      };
    });
    if (window.caches) {
      var names = await caches.keys();
      await Promise.all(
        names.map(function (name) {
          return caches.delete(name);
        })
      );
    }
    if (navigator.serviceWorker) {
      var registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(
        registrations.map(function (registration) {
          return registration.unregister();
        })
      );
    }
  }

  window.kzField = {
    config: config,
    all: all,
    get: get,
    put: put,
    remove: remove,
    newEntry: newEntry,
    sendAll: sendAll,
    clearDevice: clearDevice,
  };
})();
