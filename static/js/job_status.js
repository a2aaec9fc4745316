/* A background job's page: shows the job's state label (waiting for the queue, being
   prepared) and reloads the page when it is finished, which then shows the download or the
   retry button. The URL comes from a data attribute (CSP). Needs poll_json.js. */
(function () {
  "use strict";
  var label = document.querySelector("[data-job-status]");
  if (!label || !window.fetch) {
    return;
  }
  window.kzPollJson(label.getAttribute("data-job-status"), function (data) {
    label.textContent = data.state_label;
    if (data.finished) {
      window.location.reload();
    }
  });
})();
