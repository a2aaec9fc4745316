/* Progress of an import: shows the run's progress and reloads the page when it is done.
   The URL and the texts come from data attributes (CSP). Needs poll_json.js and
   number_locale.js. */
(function () {
  "use strict";
  var bar = document.querySelector("[data-import-progress]");
  if (!bar || !window.fetch) {
    return;
  }
  var label = document.querySelector("[data-import-progress-label]");
  var rowsText = bar.getAttribute("data-rows-text") || "%(rows)s";

  window.kzPollJson(bar.getAttribute("data-status-url"), function (data) {
    bar.value = data.percent;
    bar.textContent = data.percent + " %";
    if (label) {
      label.textContent = data.status_label + (data.rows ? " · " + rowsText.replace("%(rows)s", data.rows.toLocaleString(window.kzNumberLocale)) : "");
    }
    if (data.finished) {
      window.location.reload();
    }
  });
})();
