// The offline app on every signed-in page: the service worker, sending when the connection
// returns, and clearing the device before the log-out form goes.
(function () {
  "use strict";

  var field = window.kzField;
  if (!field || !field.config.serviceWorker) {
    return;
  }

  // Another account signed in on this browser without logging out first (a session that
  // ran out): the kept pages and lists are the previous user's; drop them. Their unsent
  // entries stay, unseen (each entry is its user's), until they sign in again.
  var MARK = "kzsafety-field-user";
  var previous = window.localStorage.getItem(MARK);
  var userChanged = !!previous && previous !== String(field.config.user);
  if (userChanged && window.caches) {
    caches.keys().then(function (names) {
      return Promise.all(
        names.map(function (name) {
          return caches.delete(name);
        })
      );
    });
  }
  window.localStorage.setItem(MARK, String(field.config.user));

  // After the page has loaded and settled: the worker's first visit fetches the field pages
  // and our files, which should not compete with the page the user opened.
  var leaving = false; // logging out: keep nothing new on the device
  window.addEventListener("load", function () {
    setTimeout(function () {
      if (leaving) {
        return;
      }
      if ("serviceWorker" in navigator) {
        navigator.serviceWorker
          .register(field.config.serviceWorker, { scope: "/" })
          .then(function (registration) {
            // The worker names the pages this user may open: fetch this user's.
            return userChanged ? registration.update() : registration;
          })
          .catch(function () {
            // No service worker (a browser without them, or not a secure origin): pages
            // need the network; the outbox still keeps entries.
          });
      }
      if (navigator.onLine) {
        field.sendAll();
      }
    }, 1000);
  });
  window.addEventListener("online", function () {
    if (!leaving) {
      field.sendAll();
    }
  });

  document.querySelectorAll("form[data-field-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) {
        return;
      }
      event.preventDefault();
      leaving = true;
      var go = function () {
        // Once: clearing that outlasts the timer must not submit the form a second time,
        // which would abort the first log-out's navigation.
        if (form.dataset.cleared) {
          return;
        }
        form.dataset.cleared = "1";
        form.submit();
      };
      // Log out even if clearing fails or hangs; the response's Clear-Site-Data also clears.
      var timer = setTimeout(go, 3000);
      field.clearDevice().then(
        function () {
          clearTimeout(timer);
          go();
        },
        function () {
          clearTimeout(timer);
          go();
        }
      );
    });
  });
})();
