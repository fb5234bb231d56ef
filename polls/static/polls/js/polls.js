// Enhances the poll forms: votes are sent to the JSON API without leaving the page, and a
// visitor who has voted sees so (from the vote cookie, read here in the browser, so the
// page itself stays the same for everyone). Without this script the form posts as usual.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function votedKeys() {
    var entry = document.cookie.split("; ").filter(function (c) {
      return c.indexOf("nrm_polls=") === 0;
    })[0];
    if (!entry) return [];
    var value = decodeURIComponent(entry.slice("nrm_polls=".length)).replace(/^"|"$/g, "");
    return value.split(":")[0].split(".");
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function bar(percent) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "poll-results__bar");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("width", "100%");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 100 16");
    svg.setAttribute("preserveAspectRatio", "none");
    [["poll-results__track", 100], ["poll-results__fill", percent]].forEach(function (spec) {
      var rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("class", spec[0]);
      rect.setAttribute("width", String(spec[1]));
      rect.setAttribute("height", "16");
      svg.appendChild(rect);
    });
    return svg;
  }

  function showResults(box, data) {
    if (!data.results_visible) return;
    var lang = document.documentElement.lang || undefined;
    var figure = element("figure", "poll-results");
    figure.appendChild(
      element("figcaption", "", box.dataset.textTotal + ": " + data.total_votes.toLocaleString(lang))
    );
    var list = element("ul", "poll-results__list");
    data.answers.forEach(function (answer) {
      var row = element("li", "poll-results__row");
      row.appendChild(element("span", "poll-results__label", answer.answer));
      row.appendChild(bar(answer.percent));
      row.appendChild(
        element(
          "span",
          "poll-results__value",
          answer.votes.toLocaleString(lang) + " " + box.dataset.textVotes +
            " (" + answer.percent.toLocaleString(lang) + "%)"
        )
      );
      list.appendChild(row);
    });
    figure.appendChild(list);
    var target = box.querySelector(".poll__results");
    target.textContent = "";
    target.appendChild(figure);
  }

  function note(box, text, isError) {
    var old = box.querySelector(".poll__note");
    if (old) old.remove();
    var p = element("p", "poll__note" + (isError ? " notice" : ""), text);
    p.setAttribute("role", isError ? "alert" : "status");
    box.querySelector(".poll__title").after(p);
  }

  function markVoted(box) {
    var form = box.querySelector(".poll__form");
    if (form) form.hidden = true;
    var voted = box.querySelector(".poll__voted");
    if (voted) voted.hidden = false;
  }

  function enhance(box) {
    var form = box.querySelector(".poll__form");
    if (votedKeys().indexOf(box.dataset.pollKey) !== -1) {
      markVoted(box);
      if (box.dataset.resultsVisibility !== "after_close") {
        fetch(box.dataset.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) { if (data) showResults(box, data); })
          .catch(function () {});
      }
    }
    if (!form) return;
    form.addEventListener("submit", function (event) {
      var choice = form.querySelector("input[name=choice]:checked");
      if (!choice || !window.fetch) return;
      event.preventDefault();
      fetch(box.dataset.api + "vote/", {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json"
        },
        body: JSON.stringify({ choice: choice.value })
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (response.ok) {
              markVoted(box);
              note(box, box.dataset.textThanks, false);
              showResults(box, data);
            } else {
              note(box, data.detail || response.statusText, true);
            }
          });
        })
        .catch(function () { form.submit(); });
    });
  }

  document.querySelectorAll(".poll[data-poll-key]").forEach(enhance);
})();
