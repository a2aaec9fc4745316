// After a failed submit the page comes back at its top; the error summary there
// (templates/includes/error_summary_box.html) takes the focus, so a screen reader reads it
// and a phone shows it. Each of its links moves the focus to its field and scrolls the
// field's label into view (a plain anchor would scroll the input under the label's text
// and not focus it). Loaded as a file: the content security policy forbids inline scripts.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }

  var show = function () {
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start", behavior: "instant" });
  };
  show();
  // A field with autofocus (the log-in form's user name) would take the focus back once
  // the page has loaded; the summary keeps it.
  window.addEventListener("load", function () {
    var active = document.activeElement;
    if (active && active !== summary && active.hasAttribute("autofocus")) { show(); }
  });

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-error-link]");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var label = document.querySelector("label[for='" + CSS.escape(field.id) + "']");
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    (label || legend || field).scrollIntoView({ block: "start", behavior: "instant" });
    field.focus({ preventScroll: true });
  });
})();
