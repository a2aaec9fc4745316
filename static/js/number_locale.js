/* Numbers written by scripts follow the page's language, not the browser's, so a Kazakh or
   Russian page shows 1 234,5 like the tables the server wrote. Browsers whose Intl lacks
   Kazakh number data answer in English (1,234.5); Kazakh groups and separates numbers as
   Russian does, so that is asked for instead. Sets window.kzNumberLocale and, when Chart.js
   is loaded (load this after it), the locale of chart axes and tooltips. */
(function () {
  "use strict";
  var SAME_NUMBERS_AS = { kk: "ru" };
  var lang = document.documentElement.lang || undefined;
  var locale = (lang && SAME_NUMBERS_AS[lang]) || lang;
  window.kzNumberLocale = locale;
  if (window.Chart && locale) {
    window.Chart.defaults.locale = locale;
  }
})();
