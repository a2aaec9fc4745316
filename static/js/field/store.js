// The offline app's store: entries kept in IndexedDB (photos as Blobs), and the sender that
// empties the outbox one entry at a time. Loaded on every signed-in page (templates/field/
// _app.html), where the words come from that element's data attributes, in the page's
// language; and in the service worker (templates/field/sw.js), which sends the outbox in its
// Background Sync event with the words, addresses, user and CSRF token the last signed-in
// page left in the "meta" store.
(function () {
  "use strict";

  var DB_NAME = "kzsafety-field";
  var STORE = "entries";
  var META = "meta";
  var SYNC_TAG = "kzsafety-outbox";
  var inPage = typeof document !== "undefined";
  var app = inPage ? document.getElementById("field-app") : null;
  // The page's words and addresses; csrf() gives the token a request carries.
  var config = Object.assign({}, app ? app.dataset : {});
  config.csrf = function () {
    return Promise.resolve(csrfToken());
  };
  var dbPromise = null;
  var channel = "BroadcastChannel" in self ? new BroadcastChannel("kzsafety-outbox") : null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 2);
        request.onupgradeneeded = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains(STORE)) {
            db.createObjectStore(STORE, { keyPath: "id" });
          }
          if (!db.objectStoreNames.contains(META)) {
            db.createObjectStore(META, { keyPath: "id" });
          }
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

  function run(mode, work, storeName) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName || STORE, mode);
        var result = work(tx.objectStore(storeName || STORE));
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
    if (inPage) {
      window.dispatchEvent(new CustomEvent("kz-outbox-changed"));
    }
    if (channel) {
      channel.postMessage("changed");
    }
  }
  if (channel && inPage) {
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
      if (entry.state === "saved") {
        requestSync();
      }
      return entry;
    });
  }

  // ---- Background Sync ------------------------------------------------------------------

  // An entry waits: ask the browser to wake the service worker when there is a connection,
  // even with no page of the app open. Without Background Sync (Firefox, Safari) the page
  // sends on its `online` event and on the next visit (app.js).
  function requestSync() {
    if (!inPage || !("serviceWorker" in navigator) || !navigator.serviceWorker.controller) {
      return Promise.resolve(false);
    }
    return navigator.serviceWorker.ready
      .then(function (registration) {
        if (!registration.sync) {
          return false;
        }
        return registration.sync.register(SYNC_TAG).then(function () {
          return true;
        });
      })
      .catch(function () {
        return false;
      });
  }

  // The page leaves the worker what it needs to send without a page: who is signed in, the
  // CSRF token of this session (the worker cannot read cookies) and the words and
  // addresses. Log-out deletes the database, this with it.
  function rememberSession() {
    if (!app) {
      return Promise.resolve();
    }
    var words = Object.assign({}, app.dataset);
    return run(
      "readwrite",
      function (store) {
        store.put({ id: "session", user: String(config.user), csrf: csrfToken(), config: words });
      },
      META
    );
  }

  // In the worker: take what the last signed-in page left, and check with the server that
  // its session is still that user's, so nobody's entries go under another's session.
  async function wake() {
    var session = await run(
      "readonly",
      function (store) {
        return store.get("session");
      },
      META
    );
    if (!session) {
      return false;
    }
    Object.assign(config, session.config);
    config.user = session.user;
    config.csrf = function () {
      return Promise.resolve(session.csrf);
    };
    var me = await fetch(config.apiMe, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual",
    }).catch(function () {
      return null;
    });
    if (!me) {
      throw new Error("no connection"); // the browser tries the sync again later
    }
    if (me.status !== 200) {
      return false; // signed out: the entries wait for the user's next visit
    }
    var who = await me.json().catch(function () {
      return {};
    });
    return String(who.id) === session.user;
  }

  // The worker's `sync` event: send this user's outbox; if entries still wait (the
  // connection dropped again), fail so that the browser tries again later.
  async function syncFromWorker() {
    if (!(await wake())) {
      return;
    }
    await sendAll();
    var waiting = (await all()).filter(function (entry) {
      return entry.state === "saved" || entry.state === "sending";
    });
    if (waiting.length) {
      throw new Error("entries wait for a connection");
    }
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
    if (!inPage) {
      return "";
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function photosOf(entry) {
    var found = entry.data.photo ? 1 : 0;
    Object.keys(entry.data).forEach(function (name) {
      if (Array.isArray(entry.data[name])) {
        entry.data[name].forEach(function (item) {
          found += item.photo ? 1 : 0;
        });
      }
    });
    return found;
  }

  // ---- The field endpoint (/field/send/…): entries with photos, and remediation steps -----

  // The entry as the endpoint takes it: the values as JSON, the photos as files (`photo` for
  // the entry's own, `photo-N` for the N-th item's).
  function multipart(entry) {
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

  // One request; the answer as {status, answer (parsed JSON or null)}, or {lost: true} when
  // the connection dropped before an answer came.
  async function request(method, url, body, key) {
    var headers = { "X-CSRFToken": await config.csrf(), Accept: "application/json" };
    if (!(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(body);
    }
    if (key) {
      headers["Idempotency-Key"] = key;
    }
    var response;
    try {
      response = await fetch(url, {
        method: method,
        body: method === "GET" ? undefined : body,
        credentials: "same-origin",
        headers: headers,
        redirect: "manual",
      });
    } catch (error) {
      return { lost: true };
    }
    var answer = null;
    if ((response.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
      answer = await response.json().catch(function () {
        return null;
      });
    }
    return { status: response.status, answer: answer, redirected: response.type === "opaqueredirect" };
  }

  async function viaFieldEndpoint(entry) {
    var reply = await request("POST", sendingAddress(entry), multipart(entry));
    if (reply.answer && reply.answer.state === "sent") {
      return { sent: reply.answer.url };
    }
    if (reply.answer && reply.answer.state === "refused") {
      return { refused: reply.answer.errors || {} };
    }
    return reply;
  }

  // ---- The REST API (/api/v1/): accident reports (create, correct, submit), inspections ----

  var RENAMED = { non_field_errors: "__all__", union_present: "union", version: "__all__" };

  // The API's errors ({field: [{message}], victims: {0: {field: [...]}}}) at the entry's
  // fields, named as the forms name them: "date", "victims.0.iin", "__all__". A name the
  // form has no place for is shown at the top of the form.
  function flatten(errors, prefix, out) {
    Object.keys(errors || {}).forEach(function (key) {
      var value = errors[key];
      var name = prefix + (RENAMED[key] || key);
      if (Array.isArray(value) && value.length && value.every(isItemErrors)) {
        value.forEach(function (item, index) {
          flatten(item, name + "." + index + ".", out);
        });
      } else if (Array.isArray(value)) {
        out[name] = (out[name] || []).concat(
          value.map(function (one) {
            return one && one.message ? one.message : String(one);
          })
        );
      } else if (value && typeof value === "object") {
        Object.keys(value).forEach(function (index) {
          flatten(value[index], name + "." + index + ".", out);
        });
      }
    });
    return out;
  }

  function isItemErrors(value) {
    return value && typeof value === "object" && !Array.isArray(value) && !("message" in value);
  }

  // The entry's values as the API takes them: a blank number, date, time or reference is
  // null (the form names those fields in data-nullable), "yes"/"no"/"" union presence is
  // true/false/null, the items without their photos.
  function apiValues(values, nullable, skip) {
    var out = {};
    Object.keys(values).forEach(function (name) {
      if (skip.indexOf(name) !== -1 || name === "photo" || name === "photoName") {
        return;
      }
      var value = values[name];
      out[name] = value === "" && nullable.indexOf(name) !== -1 ? null : value;
    });
    return out;
  }

  function accidentBody(entry) {
    var nullable = entry.nullable || [];
    var body = apiValues(entry.data, nullable, [
      "victims",
      "union",
      "submit",
      "duplicate_reason",
      "enterprise",
    ]);
    body.union_present = { yes: true, no: false }[entry.data.union];
    if (body.union_present === undefined) {
      body.union_present = null;
    }
    if (entry.record) {
      body.version = entry.record.version;
    } else {
      body.enterprise = Number(entry.data.enterprise) || null;
    }
    body.victims = (entry.data.victims || []).map(function (victim) {
      return apiValues(victim, nullable, []);
    });
    return body;
  }

  function inspectionBody(entry) {
    var nullable = entry.nullable || ["category"];
    var body = apiValues(entry.data, nullable, ["violations", "enterprise"]);
    body.enterprise = Number(entry.data.enterprise) || null;
    body.violations = (entry.data.violations || []).map(function (violation) {
      return apiValues(violation, nullable, []);
    });
    return body;
  }

  function recordAddress(name, id) {
    return config[name].replace(/\/0\/$/, "/" + id + "/");
  }

  // What the device keeps of a report on the server: its id, version and status, and each
  // victim's id (so a correction changes those victims instead of adding new ones).
  function remember(entry, report) {
    entry.record = { id: report.id, version: report.version, status: report.status };
    (report.victims || []).forEach(function (victim, index) {
      if (entry.data.victims && entry.data.victims[index]) {
        entry.data.victims[index].id = victim.id;
      }
    });
    entry.changed = false;
  }

  var EDITABLE = ["draft", "returned"];

  function same(a, b) {
    var x = a === null || a === undefined ? "" : String(a);
    var y = b === null || b === undefined ? "" : String(b);
    return x === y || (/^\d\d:\d\d$/.test(x) && y === x + ":00"); // 09:15 is 09:15:00
  }

  // Whether the report on the server holds what this correction sent: a PUT whose answer
  // was lost is not refused as stale when it went through.
  function landed(body, report) {
    var victims = report.victims || [];
    return (
      Object.keys(body).every(function (name) {
        if (name === "version" || name === "victims") {
          return true;
        }
        if (name === "union_present") {
          return body[name] === null || body[name] === report[name];
        }
        return same(body[name], report[name]);
      }) &&
      body.victims.length === victims.length &&
      body.victims.every(function (victim, index) {
        return Object.keys(victim).every(function (name) {
          return same(victim[name], victims[index][name]);
        });
      })
    );
  }

  async function sendAccident(entry) {
    var base = config.apiAccidents;
    var reply;
    if (!entry.record) {
      // A create with the device's key: a repeat after a lost answer gets the first report.
      reply = await request("POST", base, accidentBody(entry), entry.id);
      if (reply.status !== 201) {
        return reply;
      }
      remember(entry, reply.answer);
      await put(entry);
    } else if (entry.changed !== false) {
      // A correction (of a report refused at submission, or one edited on the device):
      // with the version the device read, so a report changed since answers 409.
      var address = base + entry.record.id + "/";
      var sentBody = accidentBody(entry);
      reply = await request("PUT", address, sentBody);
      if (reply.status === 409 || reply.status === 403) {
        var current = await request("GET", address);
        var now = current.status === 200 ? current.answer : null;
        if (now && entry.submitting && EDITABLE.indexOf(now.status) === -1) {
          // Corrected and submitted before, the answers lost: all of it went through.
          remember(entry, now);
          entry.submitting = false;
          return { sent: recordAddress("recordAccident", now.id) };
        }
        if (now && reply.status === 409 && landed(sentBody, now)) {
          // The same correction, sent before and its answer lost (a dropped connection,
          // a page left while sending): the server has it already.
          reply = current;
        } else if (now && EDITABLE.indexOf(now.status) === -1) {
          return { refused: { __all__: [config.notEditable] } };
        } else if (now && reply.status === 409) {
          // Sent again, the entry replaces what is on the server now: the user decides.
          entry.record.version = now.version;
          entry.record.status = now.status;
          return { refused: { __all__: [config.stale] } };
        }
      }
      if (reply.status !== 200) {
        return reply;
      }
      remember(entry, reply.answer);
      await put(entry);
    }
    if (entry.data.submit === true && EDITABLE.indexOf(entry.record.status) !== -1) {
      var report = base + entry.record.id + "/";
      if (entry.submitting) {
        // The last submission's answer was lost: it may have gone through.
        var now = await request("GET", report);
        if (now.status === 200) {
          remember(entry, now.answer);
        }
      }
      if (EDITABLE.indexOf(entry.record.status) !== -1) {
        entry.submitting = true;
        await put(entry);
        reply = await request("POST", report + "submit/", {
          duplicate_reason: entry.data.duplicate_reason || "",
        });
        if (reply.status !== 200) {
          entry.submitting = !!reply.lost;
          return reply;
        }
        remember(entry, reply.answer);
      }
      entry.submitting = false;
    }
    return { sent: recordAddress("recordAccident", entry.record.id) };
  }

  async function sendInspection(entry) {
    var reply = await request("POST", config.apiInspections, inspectionBody(entry), entry.id);
    if (reply.status === 201) {
      return { sent: recordAddress("recordInspection", reply.answer.id) };
    }
    return reply;
  }

  // An API answer that is not a success: the errors at the fields, or why it waits.
  function outcome(reply) {
    if (reply.sent || reply.refused || reply.lost) {
      return reply;
    }
    var answer = reply.answer || {};
    var detail = answer.detail ? [answer.detail] : [];
    if (reply.status === 400 && answer.errors) {
      return { refused: flatten(answer.errors, "", {}) };
    }
    if (
      reply.redirected ||
      reply.status === 401 ||
      (reply.status === 403 && String(answer.detail || "").indexOf("CSRF") !== -1)
    ) {
      return { wait: config.logInAgain };
    }
    if (reply.status === 409) {
      return { refused: { __all__: [config.stale] } };
    }
    if (answer.code && [400, 403, 404, 413, 422].indexOf(reply.status) !== -1) {
      return { refused: { __all__: detail } };
    }
    return { wait: config.serverTrouble };
  }

  function route(entry) {
    if (entry.kind === "accident" && !photosOf(entry)) {
      return sendAccident;
    }
    if (entry.kind === "inspection" && !photosOf(entry)) {
      return sendInspection;
    }
    return viaFieldEndpoint;
  }

  // Send one entry; resolves to false when the connection or the session stopped it (the
  // entry waits as saved and the rest are not tried now).
  async function sendOne(entry) {
    entry.state = "sending";
    entry.note = "";
    await put(entry);
    var result = outcome(await route(entry)(entry));
    if (result.sent) {
      entry.state = "sent";
      entry.url = result.sent;
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
    if (result.refused) {
      entry.state = "refused";
      entry.errors = result.refused;
      await put(entry);
      return true;
    }
    entry.state = "saved";
    entry.note = result.wait || "";
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

  if (app) {
    rememberSession();
  }

  self.kzField = {
    config: config,
    requestSync: requestSync,
    syncFromWorker: syncFromWorker,
    all: all,
    get: get,
    put: put,
    remove: remove,
    newEntry: newEntry,
    sendAll: sendAll,
    clearDevice: clearDevice,
  };
})();
