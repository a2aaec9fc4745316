/* Progress of an import: polls the run's JSON status and reloads the page when it is done.
   No inline script (CSP): the URL and the texts come from data attributes. */
(function () {
  "use strict";
  var bar = document.querySelector("[data-import-progress]");
  if (!bar || !window.fetch) {
    return;
  }
  var label = document.querySelector("[data-import-progress-label]");
  var rowsText = bar.getAttribute("data-rows-text") || "%(rows)s";
  var url = bar.getAttribute("data-status-url");
  var delay = 1000;

  function show(data) {
    bar.value = data.percent;
    bar.textContent = data.percent + " %";
    if (label) {
      label.textContent = data.status_label + (data.rows ? " · " + rowsText.replace("%(rows)s", data.rows.toLocaleString()) : "");
    }
  }

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
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.2, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
