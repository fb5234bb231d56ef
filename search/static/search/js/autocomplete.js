// Suggests page titles as the searcher types, through a native <datalist> so keyboard and
// screen-reader behaviour come from the browser. Without JavaScript the form works as is.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete-url]");
  if (!input || !window.fetch) {
    return;
  }
  var list = document.createElement("datalist");
  list.id = "search-suggestions";
  input.parentNode.appendChild(list);
  input.setAttribute("list", list.id);
  var timer = null;
  var latest = "";

  function show(suggestions) {
    list.replaceChildren();
    suggestions.forEach(function (suggestion) {
      var option = document.createElement("option");
      option.value = suggestion.title;
      list.appendChild(option);
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < 2) {
      show([]);
      return;
    }
    timer = window.setTimeout(function () {
      latest = query;
      var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (query === latest) {
            show(data.suggestions || []);
          }
        })
        .catch(function () {
          show([]);
        });
    }, 200);
  });
})();
