/* Follows a background job: polls its JSON status until `show(data)` has seen it finished
   (`data.finished`), every second at first, more slowly while it waits for the queue, and
   backing off while the server does not answer. Shared by the import, list-export and
   annual-workbook pages; no inline script (CSP). */
window.kzPollJson = function (url, show) {
  "use strict";
  var delay = 1000;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          return;
        }
        delay = data.state === "waiting" ? 5000 : Math.min(delay * 1.2, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
};
