// Charts of the statistics page, drawn from the report embedded as JSON (no inline script:
// the content security policy forbids it). Also follows a workbook being prepared.
(function () {
  "use strict";
  var holder = document.getElementById("report-data");
  if (holder && window.Chart) {
    var data = JSON.parse(holder.textContent);
    var report = data.report, labels = data.labels;
    var years = report.years.map(String);
    var colours = ["#0d6efd", "#dc3545", "#198754", "#6f42c1", "#20c997", "#fd7e14"];
    var unionColour = "#fd7e14";
    var rows = {};
    report.accidents.forEach(function (row) {
      rows[row.indicator + "|" + row.scope + "|" + row.source] = row.values;
    });
    // Counts: whole numbers on the value axis, never 0.5 of an accident.
    function counts() { return { beginAtZero: true, ticks: { precision: 0 } }; }
    function line(canvas, series, title) {
      return new Chart(canvas, {
        type: "line",
        data: {
          labels: years,
          datasets: series.map(function (s, i) {
            var colour = s.colour || colours[i % colours.length];
            // Straight segments: a curve would invent values between the years. The union
            // series differs from the all-enterprises ones by colour, dashes and points.
            return { label: s.label, data: years.map(function (y) { return s.values[y]; }),
                     borderColor: colour, backgroundColor: colour, spanGaps: true, tension: 0,
                     borderDash: s.dashed ? [6, 4] : [], pointStyle: s.dashed ? "triangle" : "circle",
                     pointRadius: s.dashed ? 5 : 3 };
          })
        },
        options: {
          aspectRatio: 1.4,
          plugins: { title: { display: !!title, text: title },
                     legend: { labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8 } } },
          scales: { x: { ticks: { autoSkip: false } }, y: counts() }
        }
      });
    }
    // A long name over two or three lines rather than a label cut short or skipped.
    function wrapped(name) {
      var words = String(name || "").split(" "), lines = [], current = "";
      words.forEach(function (word) {
        if (current && (current + " " + word).length > 22) { lines.push(current); current = word; }
        else { current = current ? current + " " + word : word; }
      });
      lines.push(current);
      return lines;
    }
    // Horizontal bars: every bar as tall as its longest name needs, so the box grows with
    // their number and no name is skipped or drawn over another.
    function bar(canvas, names, values, title, horizontal) {
      var nameAxis = { ticks: { autoSkip: false } };
      var labels = names.map(horizontal ? wrapped : String);
      if (horizontal && canvas.parentNode.classList.contains("chart-bars")) {
        var lines = Math.max.apply(null, labels.map(function (l) { return l.length; }).concat([1]));
        canvas.parentNode.style.height = (labels.length * (lines * 13 + 12) + 50) + "px";
      }
      return new Chart(canvas, {
        type: "bar",
        data: { labels: labels,
                datasets: [{ label: title, data: values, backgroundColor: colours[0] }] },
        options: {
          indexAxis: horizontal ? "y" : "x",
          maintainAspectRatio: !horizontal,
          plugins: { legend: { display: false } },
          scales: horizontal ? { y: nameAxis, x: counts() } : { x: nameAxis, y: counts() }
        }
      });
    }
    document.querySelectorAll("canvas[data-chart=dynamics]").forEach(function (canvas) {
      var indicator = canvas.getAttribute("data-indicator");
      var series = [];
      ["monitoring", "ministry", "statistics_bureau"].forEach(function (source) {
        var values = rows[indicator + "|all|" + source];
        if (values) { series.push({ label: labels.sources[source], values: values }); }
      });
      var union = rows[indicator + "|union|monitoring"];
      if (union) {
        series.push({ label: labels.scopes.union, values: union, dashed: true, colour: unionColour });
      }
      line(canvas, series, labels.indicators[indicator]);
    });
    var regions = document.querySelector("canvas[data-chart=regions]");
    if (regions) {
      bar(regions, report.by_region.map(function (r) { return labels.regions[r.region]; }),
          report.by_region.map(function (r) { return r.victims; }), labels.indicators.victims, true);
    }
    var sectors = document.querySelector("canvas[data-chart=sectors]");
    if (sectors) {
      bar(sectors, report.by_sector.map(function (r) { return labels.sectors[r.sector]; }),
          report.by_sector.map(function (r) { return r.victims; }), labels.indicators.victims, true);
    }
    var causes = document.querySelector("canvas[data-chart=causes]");
    if (causes) {
      bar(causes, report.by_cause.map(function (r) { return labels.causes[r.cause]; }),
          report.by_cause.map(function (r) { return r.accidents; }), labels.indicators.accidents, true);
    }
    var control = document.querySelector("canvas[data-chart=control]");
    if (control) {
      var keys = Object.keys(labels.control);
      bar(control, keys.map(function (k) { return labels.control[k]; }),
          keys.map(function (k) { return report.public_control[k]; }), control.getAttribute("aria-label"), false);
    }
    var councils = document.querySelector("canvas[data-chart=councils]");
    if (councils) {
      var byYear = {};
      ["total", "union_initiative", "new"].forEach(function (k) {
        byYear[k] = {};
        report.councils.by_year.forEach(function (r) { byYear[k][String(r.year)] = r[k]; });
      });
      line(councils, ["total", "union_initiative", "new"].map(function (k) {
        return { label: labels.councils[k], values: byYear[k] };
      }), "");
    }
  }

  var status = document.querySelector("[data-export-status]");
  if (status) {
    var progressBar = status.querySelector("[data-export-bar]");
    var label = status.querySelector("[data-export-label]");
    var link = status.querySelector("[data-export-link]");
    var retry = status.querySelector("[data-export-retry]");
    window.kzPollJson(status.getAttribute("data-export-status"), function (s) {
      progressBar.style.width = s.progress + "%";
      status.querySelector("[role=progressbar]").setAttribute("aria-valuenow", s.progress);
      label.textContent = s.label;
      if (s.url) {
        link.href = s.url;
        link.classList.remove("d-none");
        progressBar.classList.remove("progress-bar-animated");
      } else if (s.can_retry && retry) {
        retry.action = s.retry_url;
        retry.classList.remove("d-none");
        progressBar.classList.remove("progress-bar-animated");
      }
    });
  }
})();
