// Suggests the chosen country's cities in the partner form, from the app's offline gazetteer.
(function () {
  "use strict";
  var city = document.querySelector("input[data-suggestions-url]");
  var country = document.querySelector("select[data-city-country]");
  var list = city && document.getElementById(city.getAttribute("list"));
  if (!city || !country || !list) {
    return;
  }
  var url = city.getAttribute("data-suggestions-url");
  var timer = null;
  var pending = null;

  function refresh() {
    if (pending) {
      pending.abort();
    }
    if (!country.value) {
      list.replaceChildren();
      return;
    }
    pending = new AbortController();
    var params = new URLSearchParams({ pays: country.value, q: city.value.trim() });
    fetch(url + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : { cities: [] };
      })
      .then(function (data) {
        list.replaceChildren.apply(
          list,
          data.cities.map(function (item) {
            var option = document.createElement("option");
            option.value = item.name;
            return option;
          })
        );
      })
      .catch(function () {
        // Aborted by a newer request, or offline: the field stays a plain text input.
      });
  }

  country.addEventListener("change", refresh);
  city.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 200);
  });
})();
