// Production council pages. Loaded as a file (the content security policy forbids inline scripts).
(function () {
  "use strict";

  // Buttons that remove something ask first.
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // Print the minutes.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Refuse an oversized or wrong-type photo before a slow upload over mobile data;
  // the server checks again, by the file's bytes.
  var MAX_BYTES = 10 * 1024 * 1024;
  var TYPES = ["image/jpeg", "image/png", "image/webp"];
  document.querySelectorAll("input[type=file][data-photo-input]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var message = "";
      if (file && file.size > MAX_BYTES) {
        message = input.dataset.tooLarge || "10 MB";
      } else if (file && file.type && TYPES.indexOf(file.type) === -1) {
        message = input.dataset.wrongType || "JPEG, PNG, WebP";
      }
      input.setCustomValidity(message);
      if (message) {
        input.reportValidity();
      }
    });
  });

  // "Done on" matters only when the status is done.
  var status = document.querySelector("[data-decision-status]");
  var doneOn = document.querySelector("[data-done-on]");
  if (status && doneOn) {
    var wrapper = doneOn.closest(".mb-3") || doneOn.parentElement;
    var sync = function () {
      wrapper.hidden = status.value !== "done";
    };
    status.addEventListener("change", sync);
    sync();
  }
})();
