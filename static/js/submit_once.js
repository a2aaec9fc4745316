// A form sent by POST disables its submit buttons while the request is under way, so a
// double click or an impatient second tap sends it once (the server's one-time key catches
// what gets through). Disabled a tick after the submit event, so the pressed button's own
// name and value are still sent; enabled again when the page is shown from the back-forward
// cache. A form that stays on the page (a download) opts out with data-keep-enabled.
(function () {
  "use strict";
  var BUTTONS = "button[type=submit], input[type=submit], button:not([type])";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.method || "").toLowerCase() !== "post" || form.hasAttribute("data-keep-enabled")) {
      return;
    }
    window.setTimeout(function () {
      if (event.defaultPrevented) { return; }
      form.querySelectorAll(BUTTONS).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("data-submit-once", "");
      });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-submit-once]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-submit-once");
    });
  });
})();
