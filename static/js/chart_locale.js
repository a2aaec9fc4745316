/* Chart.js writes the numbers of axes and tooltips with Intl in the browser's language;
   use the page's language instead, so a Kazakh or Russian page shows 1 234,5 like the
   tables beside the charts. Load after Chart.js and before the charts are drawn. */
(function () {
  "use strict";
  if (window.Chart && document.documentElement.lang) {
    window.Chart.defaults.locale = document.documentElement.lang;
  }
})();
