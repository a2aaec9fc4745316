/* A background job's page: polls the job's JSON status, shows its label (waiting for the
   queue, being prepared) and reloads the page when it is finished, which then shows the
   download or the retry button. No inline script (CSP): the URL comes from a data attribute. */
(function () {
  "use strict";
  var label = document.querySelector("[data-job-status]");
  if (!label || !window.fetch) {
    return;
  }
  var url = label.getAttribute("data-job-status");
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
        label.textContent = data.state_label;
        if (data.finished) {
          window.location.reload();
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
})();
