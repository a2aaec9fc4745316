// The inspection form that works without signal: every keystroke is kept in IndexedDB (the
// photos as Blobs), so a reload, a closed tab or a restarted phone finds it again. "Save to
// the outbox" hands it to the sender; the server's errors come back onto these fields.
(function () {
  "use strict";

  var field = window.kzField;
  var form = document.getElementById("field-inspection");
  if (!field || !form) {
    return;
  }
  var list = form.querySelector("[data-violations]");
  var template = document.getElementById("violation-template");
  var limit = parseInt(form.dataset.uploadLimit, 10);
  var PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
  var entry = null;
  var categories = [];

  function option(select, value, label) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    select.appendChild(element);
  }

  function loadLists() {
    return fetch(field.config.references, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (lists) {
        var select = form.elements.enterprise;
        lists.enterprises.forEach(function (enterprise) {
          option(select, enterprise.id, enterprise.name);
        });
        categories = lists.categories;
      })
      .catch(function () {
        showErrors({ __all__: [form.dataset.noLists] });
      });
  }

  function setValue(element, value) {
    if (element && element.type !== "file") {
      element.value = value == null ? "" : value;
    }
  }

  function syncJoint() {
    var joint = form.querySelector("[data-joint-only]");
    joint.hidden = form.elements.kind.value !== "joint";
  }

  function violationBlock(violation, index) {
    var block = template.content.firstElementChild.cloneNode(true);
    block.dataset.index = index;
    block.querySelector("[data-violation-title]").textContent += " " + (index + 1);
    var select = block.querySelector("select[name=category]");
    categories.forEach(function (category) {
      option(select, category.id, category.name);
    });
    ["description", "category", "legal_reference", "deadline"].forEach(function (name) {
      setValue(block.querySelector("[name=" + name + "]"), violation[name]);
    });
    showPhoto(block, violation);
    return block;
  }

  function showPhoto(block, violation) {
    var kept = block.querySelector("[data-photo-kept]");
    kept.hidden = !violation.photo;
    kept.querySelector("[data-photo-kept-label]").textContent = field.config.photoKept;
    kept.querySelector("[data-photo-name]").textContent = violation.photo ? violation.photoName : "";
  }

  function enterpriseName() {
    var select = form.elements.enterprise;
    return select.selectedIndex >= 0 ? select.options[select.selectedIndex].textContent : "";
  }

  function render() {
    var data = entry.data;
    var enterprises = form.elements.enterprise.options;
    if (!data.enterprise && enterprises.length) {
      data.enterprise = enterprises[0].value;
    }
    ["enterprise", "date", "kind", "state_inspector_name", "notes"].forEach(function (name) {
      setValue(form.elements[name], data[name]);
    });
    data.enterpriseName = enterpriseName();
    list.replaceChildren();
    data.violations.forEach(function (violation, index) {
      list.appendChild(violationBlock(violation, index));
    });
    syncJoint();
    showErrors(entry.errors || {});
  }

  function showErrors(errors) {
    form.querySelectorAll(".is-invalid").forEach(function (element) {
      element.classList.remove("is-invalid");
    });
    form.querySelectorAll("[data-field-error]").forEach(function (element) {
      element.remove();
    });
    form.querySelectorAll("[data-errors-for]").forEach(function (element) {
      element.hidden = true;
      element.textContent = "";
    });
    Object.keys(errors).forEach(function (key) {
      var scope = form;
      var name = key;
      var match = key.match(/^violations\.(\d+)\.(.+)$/);
      if (match) {
        scope = list.querySelector("[data-violation][data-index='" + match[1] + "']");
        name = match[2];
      }
      var place = scope && scope.querySelector("[data-field='" + name + "']");
      var messages = [].concat(errors[key]).join(" ");
      if (place) {
        var input = place.querySelector("input, select, textarea");
        input.classList.add("is-invalid");
        var feedback = document.createElement("div");
        feedback.className = "invalid-feedback";
        feedback.dataset.fieldError = key;
        feedback.dataset.testid = "error-" + key;
        feedback.textContent = messages;
        input.insertAdjacentElement("afterend", feedback);
        return;
      }
      var general = (scope && scope.querySelector("[data-errors-for='__all__']")) ||
        form.querySelector("[data-errors-for='" + key + "']") ||
        form.querySelector("[data-errors-for='__all__']");
      general.hidden = false;
      general.textContent = (general.textContent + " " + messages).trim();
    });
  }

  function save() {
    if (entry.state === "sent") {
      return Promise.resolve();
    }
    return field.put(entry);
  }

  function keep(target) {
    if (!entry) {
      return;
    }
    var block = target.closest("[data-violation]");
    if (block) {
      entry.data.violations[parseInt(block.dataset.index, 10)][target.name] = target.value;
    } else {
      entry.data[target.name] = target.value;
      if (target.name === "enterprise") {
        entry.data.enterpriseName = enterpriseName();
      }
      if (target.name === "kind") {
        syncJoint();
      }
    }
    save();
  }

  form.addEventListener("input", function (event) {
    if (event.target.name && event.target.type !== "file") {
      keep(event.target);
    }
  });
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.name) {
      return;
    }
    if (target.type !== "file") {
      keep(target);
      return;
    }
    var block = target.closest("[data-violation]");
    var violation = entry.data.violations[parseInt(block.dataset.index, 10)];
    var file = target.files[0];
    if (!file) {
      return;
    }
    var problem = file.size > limit ? form.dataset.photoTooLarge
      : PHOTO_TYPES.indexOf(file.type) === -1 ? form.dataset.photoWrongType : "";
    target.value = "";
    var errors = Object.assign({}, entry.errors);
    delete errors["violations." + block.dataset.index + ".photo"];
    if (problem) {
      errors["violations." + block.dataset.index + ".photo"] = [problem];
    } else {
      violation.photo = file;
      violation.photoName = file.name;
    }
    entry.errors = errors;
    showPhoto(block, violation);
    showErrors(errors);
    save();
  });
  form.addEventListener("click", function (event) {
    var block = event.target.closest("[data-violation]");
    if (event.target.closest("[data-add-violation]")) {
      entry.data.violations.push({
        description: "",
        category: "",
        legal_reference: "",
        deadline: "",
        photo: null,
        photoName: "",
      });
      render();
      save();
      var blocks = list.querySelectorAll("[data-violation]");
      blocks[blocks.length - 1].querySelector("textarea").focus();
    } else if (block && event.target.closest("[data-remove-violation]")) {
      entry.data.violations.splice(parseInt(block.dataset.index, 10), 1);
      entry.errors = {}; // positions moved; the server says again on the next send
      render();
      save();
    } else if (block && event.target.closest("[data-photo-drop]")) {
      var violation = entry.data.violations[parseInt(block.dataset.index, 10)];
      violation.photo = null;
      violation.photoName = "";
      showPhoto(block, violation);
      save();
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    entry.state = "saved";
    entry.errors = {};
    entry.note = "";
    field.put(entry).then(function () {
      field.sendAll(); // sends now when online; either way the outbox shows where it is
      window.location.href = field.config.outbox;
    });
  });

  async function start() {
    await loadLists();
    var wanted = window.location.hash.slice(1);
    if (wanted) {
      entry = await field.get(wanted);
    }
    if (!entry) {
      var entries = await field.all();
      entry = entries.filter(function (one) {
        return one.kind === "inspection" && one.state === "draft";
      })[0];
    }
    if (!entry || entry.state === "sent") {
      entry = field.newEntry("inspection");
    }
    render();
    await save();
    // The buttons wait for the entry (they were disabled in the page).
    form.querySelectorAll("button[disabled]").forEach(function (button) {
      button.disabled = false;
    });
    form.dataset.ready = "1";
  }
  start();
})();
