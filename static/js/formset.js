// Add and remove forms of a Django formset without reloading the page.
// Markup: [data-formset] holds the management form, [data-formset-list] with the forms
// ([data-formset-form]), a <template data-formset-empty> with the empty form (__prefix__),
// and a [data-formset-add] button. Removing ticks the form's DELETE box and hides it, so
// the server sees exactly what the user meant.
(function () {
  "use strict";
  function renumber(root) {
    var visible = root.querySelectorAll("[data-formset-form]:not([hidden]) [data-formset-number]");
    visible.forEach(function (el, i) { el.textContent = String(i + 1); });
  }
  function wire(form, root) {
    var box = form.querySelector("input[type=checkbox][name$='-DELETE']");
    if (!box) { return; }
    box.classList.add("visually-hidden");
    box.addEventListener("change", function () {
      form.hidden = box.checked;
      renumber(root);
    });
  }
  document.querySelectorAll("[data-formset]").forEach(function (root) {
    var prefix = root.getAttribute("data-formset");
    var total = root.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var list = root.querySelector("[data-formset-list]");
    var template = root.querySelector("template[data-formset-empty]");
    list.querySelectorAll("[data-formset-form]").forEach(function (f) { wire(f, root); });
    root.querySelector("[data-formset-add]").addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var form = holder.firstElementChild;
      list.appendChild(form);
      total.value = String(index + 1);
      wire(form, root);
      renumber(root);
      var first = form.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
    });
    renumber(root);
  });
})();
