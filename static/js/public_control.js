// Public control pages. Loaded as a file (the content security policy forbids inline scripts).
(function () {
  "use strict";

  // The state inspector's name matters only for joint inspections.
  var kind = document.querySelector("[data-inspection-kind]");
  var joint = document.querySelector("[data-joint-only]");
  if (kind && joint) {
    var wrapper = joint.closest(".mb-3") || joint.parentElement;
    var sync = function () {
      wrapper.hidden = kind.value !== "joint";
    };
    kind.addEventListener("change", sync);
    sync();
  }

  // Buttons that delete something ask first.
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // Print the notice.
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
})();
