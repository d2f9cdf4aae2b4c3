/* Searchable pickers: every long <select> (more than 15 options, or multiple) becomes a Tom
   Select combobox once the page (or an htmx fragment) is loaded. Without JavaScript the plain
   <select> stays, which is the fallback. Labels follow the page's language. */
(function () {
  "use strict";
  var MIN_OPTIONS = 15;
  var fr = (document.documentElement.lang || "fr").slice(0, 2) !== "en";
  var text = fr
    ? { none: "Aucun résultat", remove: "Retirer", placeholder: "Tapez pour chercher…" }
    : { none: "No results", remove: "Remove", placeholder: "Type to search…" };

  function enhance(root) {
    if (typeof TomSelect === "undefined") { return; }
    root.querySelectorAll("select.form-select:not(.tomselected):not([data-picker='off'])").forEach(function (select) {
      if (!select.multiple && select.options.length <= MIN_OPTIONS) { return; }
      var plugins = select.multiple ? { remove_button: { title: text.remove } } : {};
      new TomSelect(select, {
        plugins: plugins,
        maxOptions: null,
        // Filter on every keystroke. With the default 300 ms throttle, a choice clicked within
        // that delay is followed by the late refresh, which reopens the list and takes the focus
        // back from the field the user has moved on to.
        refreshThrottle: 0,
        allowEmptyOption: true,
        placeholder: text.placeholder,
        searchField: ["text", "optgroup"],
        render: {
          no_results: function () { return '<div class="no-results">' + text.none + "</div>"; }
        }
      });
      // Tom Select moves the label onto its own combobox: the <select> it keeps (to submit the
      // value) leaves the accessibility tree, so that screen readers find one control, named.
      select.setAttribute("aria-hidden", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();
