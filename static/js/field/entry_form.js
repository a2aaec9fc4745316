// The field forms that work without signal (inspection, accident report, remediation step):
// every keystroke is kept in IndexedDB (photos as Blobs), so a reload, a closed tab or a
// restarted phone finds the entry again. "Save to the outbox" hands it to the sender; the
// server's errors come back onto these fields. One script for every form: the page says
// the entry's kind (data-entry-kind), its repeated part (data-items: violations, victims)
// and which lists fill its pickers (data-list on a select).
(function () {
  "use strict";

  var field = window.kzField;
  var form = document.getElementById("field-entry");
  if (!field || !form) {
    return;
  }
  var kind = form.dataset.entryKind;
  var itemsName = form.dataset.items || "";
  var list = form.querySelector("[data-items-list]");
  var template = document.getElementById("item-template");
  var PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
  var entry = null;
  var lists = {};

  function option(select, value, label) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    select.appendChild(element);
  }

  function fillLists(root) {
    root.querySelectorAll("select[data-list]").forEach(function (select) {
      (lists[select.dataset.list] || []).forEach(function (item) {
        option(select, item[select.dataset.listValue || "id"], item.name);
      });
    });
  }

  function loadLists() {
    return fetch(field.config.references, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (found) {
        lists = found;
        fillLists(form);
      })
      .catch(function () {
        showErrors({ __all__: [form.dataset.noLists] });
      });
  }

  function today() {
    var now = new Date();
    var pad = function (n) {
      return String(n).padStart(2, "0");
    };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function named(root) {
    return Array.prototype.filter.call(root.querySelectorAll("[name]"), function (element) {
      return (root === form) === !element.closest("[data-item]");
    });
  }

  function valueOf(element) {
    return element.type === "checkbox" ? element.checked : element.value;
  }

  function setValue(element, value) {
    if (element.type === "file") {
      return;
    }
    if (element.type === "checkbox") {
      element.checked = !!value;
    } else if (value != null && value !== "") {
      element.value = value;
    } else if (element.tagName !== "SELECT" || element.querySelector("option[value='']")) {
      element.value = "";
    }
  }

  function blankItem() {
    var item = { photo: null, photoName: "" };
    named(template.content.firstElementChild).forEach(function (element) {
      if (element.type !== "file") {
        item[element.name] = element.type === "checkbox" ? element.checked : element.value;
      }
    });
    return item;
  }

  function newEntry() {
    var fresh = field.newEntry(kind);
    var data = { photo: null, photoName: "" };
    named(form).forEach(function (element) {
      if (element.type !== "file") {
        data[element.name] = element.hasAttribute("data-today") ? today() : valueOf(element);
      }
    });
    if (itemsName) {
      data[itemsName] = [];
    }
    fresh.data = data;
    return fresh;
  }

  // The fields a blank value of which is sent as null (numbers, dates, references).
  function nullable() {
    return (form.dataset.nullable || "").split(" ").filter(Boolean);
  }

  // What the outbox shows of the entry: the chosen names and the dates.
  function title() {
    return Array.prototype.map
      .call(form.querySelectorAll("[data-summary]"), function (element) {
        if (element.tagName === "SELECT") {
          return (element.options[element.selectedIndex] || { textContent: "" }).textContent;
        }
        // A day as people here write it: 02.12.2026.
        return element.type === "date" ? element.value.split("-").reverse().join(".") : element.value;
      })
      .filter(Boolean)
      .join(" · ");
  }

  function itemBlock(item, index) {
    var block = template.content.firstElementChild.cloneNode(true);
    block.dataset.index = index;
    var heading = block.querySelector("[data-item-title]");
    heading.textContent += " " + (index + 1);
    fillLists(block);
    named(block).forEach(function (element) {
      setValue(element, item[element.name]);
    });
    showPhoto(block, item);
    return block;
  }

  function showPhoto(root, holder) {
    var kept = root.querySelector("[data-photo-kept]");
    if (!kept) {
      return;
    }
    kept.hidden = !holder.photo;
    kept.querySelector("[data-photo-kept-label]").textContent = field.config.photoKept;
    kept.querySelector("[data-photo-name]").textContent = holder.photo ? holder.photoName : "";
  }

  function render() {
    var data = entry.data;
    named(form).forEach(function (element) {
      setValue(element, data[element.name]);
      if (element.tagName === "SELECT" && element.value !== data[element.name]) {
        data[element.name] = element.value; // the first choice, when none was made
      }
    });
    if (list) {
      list.replaceChildren();
      data[itemsName].forEach(function (item, index) {
        list.appendChild(itemBlock(item, index));
      });
    }
    var ownPhoto = form.querySelector("[data-field=photo]:not([data-item] *)");
    if (ownPhoto) {
      showPhoto(ownPhoto, data);
    }
    entry.title = title();
    sync();
    // The enterprise of a report on the server does not change.
    var enterprise = form.querySelector("[name=enterprise]");
    if (enterprise) {
      enterprise.disabled = !!entry.record;
    }
    showErrors(entry.errors || {});
  }

  // Parts shown only for some choices: data-shown-when="kind=joint".
  function sync() {
    form.querySelectorAll("[data-shown-when]").forEach(function (part) {
      var rule = part.dataset.shownWhen.split("=");
      var scope = part.closest("[data-item]") || form;
      var chooser = named(scope).filter(function (element) {
        return element.name === rule[0];
      })[0];
      part.hidden = !chooser || rule[1].split("|").indexOf(String(valueOf(chooser))) === -1;
    });
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
      var match = key.match(/^[a-z_]+\.(\d+)\.(.+)$/);
      if (match && list) {
        scope = list.querySelector("[data-item][data-index='" + match[1] + "']");
        name = match[2];
      }
      var place = scope && scope.querySelector("[data-field='" + name + "']");
      if (place && scope === form && place.closest("[data-item]")) {
        place = null;
      }
      var messages = [].concat(errors[key]).join(" ");
      if (place) {
        var input = place.querySelector("input, select, textarea");
        input.classList.add("is-invalid");
        var feedback = document.createElement("div");
        feedback.className = "invalid-feedback";
        feedback.dataset.fieldError = key;
        feedback.dataset.testid = "error-" + key;
        feedback.textContent = messages;
        place.appendChild(feedback);
        return;
      }
      var general =
        (scope && scope !== form && scope.querySelector("[data-errors-for='__all__']")) ||
        form.querySelector("[data-errors-for='" + key + "']") ||
        form.querySelector("[data-errors-for='__all__']");
      general.hidden = false;
      general.textContent = (general.textContent + " " + messages).trim();
    });
  }

  function save() {
    if (!entry || entry.state === "sent" || entry.state === "sending") {
      return Promise.resolve();
    }
    entry.title = title();
    entry.nullable = nullable();
    return field.put(entry);
  }

  function holderOf(element) {
    var block = element.closest("[data-item]");
    return block ? entry.data[itemsName][parseInt(block.dataset.index, 10)] : entry.data;
  }

  function keep(target) {
    if (!entry || !target.name || target.type === "file") {
      return;
    }
    holderOf(target)[target.name] = valueOf(target);
    entry.changed = true; // a report already on the server is corrected with it
    sync();
    save();
  }

  function keepPhoto(target) {
    var file = target.files[0];
    if (!entry || !file) {
      return;
    }
    var block = target.closest("[data-item]");
    var key = block ? itemsName + "." + block.dataset.index + ".photo" : "photo";
    var holder = holderOf(target);
    var limit = parseInt(form.dataset.uploadLimit, 10); // the server's upload limit
    var problem =
      file.size > limit
        ? form.dataset.photoTooLarge
        : PHOTO_TYPES.indexOf(file.type) === -1
          ? form.dataset.photoWrongType
          : "";
    target.value = "";
    var errors = Object.assign({}, entry.errors);
    delete errors[key];
    if (problem) {
      errors[key] = [problem];
    } else {
      holder.photo = file;
      holder.photoName = file.name;
    }
    entry.errors = errors;
    entry.changed = true;
    showPhoto(target.closest("[data-field]"), holder);
    showErrors(errors);
    save();
  }

  form.addEventListener("input", function (event) {
    keep(event.target);
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file") {
      keepPhoto(event.target);
    } else {
      keep(event.target);
    }
  });

  form.addEventListener("click", function (event) {
    if (!entry) {
      return;
    }
    var block = event.target.closest("[data-item]");
    if (event.target.closest("[data-add-item]")) {
      entry.data[itemsName].push(blankItem());
      entry.changed = true;
      render();
      save();
      var blocks = list.querySelectorAll("[data-item]");
      var first = blocks[blocks.length - 1].querySelector("textarea, input, select");
      if (first) {
        first.focus();
      }
    } else if (block && event.target.closest("[data-remove-item]")) {
      entry.data[itemsName].splice(parseInt(block.dataset.index, 10), 1);
      entry.errors = {}; // positions moved; the server says again on the next send
      entry.changed = true;
      render();
      save();
    } else if (event.target.closest("[data-photo-drop]")) {
      var holder = holderOf(event.target);
      holder.photo = null;
      holder.photoName = "";
      showPhoto(event.target.closest("[data-field]"), holder);
      save();
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!entry) {
      return;
    }
    entry.state = "saved";
    entry.errors = {};
    entry.note = "";
    entry.title = title();
    entry.nullable = nullable();
    field.put(entry).then(function () {
      field.sendAll(); // sends now when online; either way the outbox shows where it is
      window.location.href = field.config.outbox;
    });
  });

  function plain(value) {
    return value === null || value === undefined ? "" : typeof value === "boolean" ? value : String(value);
  }

  // A report already on the server, to correct on the device: its values (as the API shows
  // them) in the form's fields, its id, version and status kept with the entry.
  function fromReport(report) {
    var fresh = newEntry();
    Object.keys(fresh.data).forEach(function (name) {
      if (name in report) {
        fresh.data[name] = plain(report[name]);
      }
    });
    fresh.data.union = { true: "yes", false: "no" }[String(report.union_present)] || "";
    fresh.data.victims = report.victims.map(function (victim) {
      var item = blankItem();
      Object.keys(item).forEach(function (name) {
        if (name in victim) {
          item[name] = plain(victim[name]);
        }
      });
      item.id = victim.id;
      return item;
    });
    fresh.record = { id: report.id, version: report.version, status: report.status };
    fresh.edit = true;
    fresh.changed = true;
    return fresh;
  }

  async function start() {
    await loadLists();
    var wanted = window.location.hash.slice(1);
    var editing = /^edit-(\d+)$/.exec(wanted);
    if (editing) {
      var id = parseInt(editing[1], 10);
      // A correction of this report already on the device (not yet sent) is continued.
      entry = (await field.all()).filter(function (one) {
        return one.record && one.record.id === id && one.state !== "sent";
      })[0];
      var report = (lists.reports || []).filter(function (one) {
        return one.id === id;
      })[0];
      if (!entry && report) {
        entry = fromReport(report);
      }
    } else if (wanted) {
      entry = await field.get(wanted);
    }
    if (!entry) {
      var entries = await field.all();
      entry = entries.filter(function (one) {
        return one.kind === kind && one.state === "draft" && !one.record;
      })[0];
    }
    if (!entry || entry.kind !== kind || entry.state === "sent" || entry.state === "sending") {
      entry = newEntry();
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
