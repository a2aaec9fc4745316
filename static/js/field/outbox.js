// The outbox: every entry on this device with its state, the server's errors of a refused
// one (corrected in its form, at the fields), and the button that sends now.
(function () {
  "use strict";

  var field = window.kzField;
  var listElement = document.querySelector("[data-outbox-list]");
  if (!field || !listElement) {
    return;
  }
  var text = field.config;
  var BADGES = {
    draft: "text-bg-secondary",
    saved: "text-bg-warning",
    sending: "text-bg-info",
    sent: "text-bg-success",
    refused: "text-bg-danger",
  };
  var STATES = {
    draft: text.stateDraft,
    saved: text.stateSaved,
    sending: text.stateSending,
    sent: text.stateSent,
    refused: text.stateRefused,
  };

  function element(tag, className, content) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (content) {
      made.textContent = content;
    }
    return made;
  }

  function capital(word) {
    return word.charAt(0).toUpperCase() + word.slice(1);
  }

  function summary(entry) {
    var kind = entry.edit ? text.kindCorrection : text["kind" + capital(entry.kind)];
    var parts = [kind, entry.title];
    Object.keys(entry.data).forEach(function (name) {
      var counted = text["count" + capital(name)];
      if (Array.isArray(entry.data[name]) && counted) {
        parts.push(counted.replace("%(count)s", entry.data[name].length));
      }
    });
    return parts.filter(Boolean).join(" · ");
  }

  function row(entry) {
    var item = element("li", "list-group-item");
    item.dataset.testid = "outbox-entry";
    item.dataset.state = entry.state;
    item.dataset.key = entry.id;
    var head = element("div", "d-flex justify-content-between gap-2 align-items-start flex-wrap");
    head.appendChild(element("span", "", summary(entry)));
    var badge = element("span", "badge " + (BADGES[entry.state] || ""), STATES[entry.state] || entry.state);
    badge.dataset.testid = "entry-state";
    head.appendChild(badge);
    item.appendChild(head);
    if (entry.note) {
      item.appendChild(element("div", "small text-muted", entry.note));
    }
    if (entry.state === "refused") {
      var errors = element("ul", "small text-danger mb-1 mt-1");
      errors.dataset.testid = "entry-errors";
      Object.keys(entry.errors || {}).forEach(function (key) {
        errors.appendChild(element("li", "", [].concat(entry.errors[key]).join(" ")));
      });
      item.appendChild(errors);
    }
    var actions = element("div", "d-flex gap-3 mt-1");
    if (entry.state === "sent" && entry.url) {
      var open = element("a", "", text.openRecord);
      open.href = entry.url;
      open.dataset.testid = "open-record";
      actions.appendChild(open);
    }
    if (entry.state === "draft" || entry.state === "refused" || entry.state === "saved") {
      var correct = element("a", "", text.correct);
      correct.href = text["form" + capital(entry.kind)] + "#" + entry.id;
      correct.dataset.testid = "correct-entry";
      actions.appendChild(correct);
    }
    if (entry.state !== "sending") {
      var remove = element("button", "btn btn-link btn-sm p-0 text-danger", text.remove);
      remove.type = "button";
      remove.dataset.remove = entry.id;
      if (entry.state !== "sent") {
        remove.dataset.confirm = text.removeConfirm;
      }
      actions.appendChild(remove);
    }
    item.appendChild(actions);
    return item;
  }

  function show() {
    return field.all().then(function (entries) {
      listElement.replaceChildren.apply(listElement, entries.map(row));
      document.querySelector("[data-outbox-empty]").hidden = entries.length > 0;
    });
  }

  // The user's draft and returned reports (the lists the device keeps), to correct offline.
  function showReports() {
    var section = document.querySelector("[data-reports]");
    if (!section) {
      return Promise.resolve();
    }
    return fetch(text.references, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { reports: [] };
      })
      .catch(function () {
        return { reports: [] };
      })
      .then(function (lists) {
        var reports = lists.reports || [];
        var target = section.querySelector("[data-reports-list]");
        target.replaceChildren.apply(
          target,
          reports.map(function (report) {
            var item = element("li", "list-group-item d-flex justify-content-between gap-2 flex-wrap");
            item.appendChild(element("span", "", report.name));
            var link = element("a", "", text.correct);
            link.href = text.formAccident + "#edit-" + report.id;
            link.dataset.testid = "correct-report";
            item.appendChild(link);
            return item;
          })
        );
        section.hidden = reports.length === 0;
      });
  }

  function connection() {
    document.querySelector("[data-online]").hidden = !navigator.onLine;
    document.querySelector("[data-offline]").hidden = navigator.onLine;
  }

  listElement.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove]");
    if (button && (!button.dataset.confirm || window.confirm(button.dataset.confirm))) {
      field.remove(button.dataset.remove);
    }
  });
  document.querySelector("[data-send-now]").addEventListener("click", function () {
    field.sendAll();
  });
  window.addEventListener("kz-outbox-changed", show);
  window.addEventListener("online", connection);
  window.addEventListener("offline", connection);
  connection();
  Promise.all([show(), showReports()]).then(function () {
    listElement.dataset.ready = "1";
  });
})();
