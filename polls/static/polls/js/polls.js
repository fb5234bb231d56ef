// Enhances the poll forms: votes are sent to the JSON API without leaving the page, and a
// visitor who has voted sees so (from the vote cookie, read here in the browser, so the
// page itself stays the same for everyone). The results come from the server as the page
// shows them after a vote without JavaScript (the same template, words and number format);
// the box then looks as it does there: one message, the question, the results. Without this
// script the form posts as usual.
(function () {
  "use strict";

  function votedKeys() {
    var entry = document.cookie.split("; ").filter(function (c) {
      return c.indexOf("nrm_polls=") === 0;
    })[0];
    if (!entry) return [];
    var value = decodeURIComponent(entry.slice("nrm_polls=".length)).replace(/^"|"$/g, "");
    return value.split(":")[0].split(".");
  }

  function showResults(box) {
    fetch(box.dataset.results, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var template = document.createElement("template");
        template.innerHTML = html;
        box.querySelector(".poll__results").replaceChildren(template.content);
      })
      .catch(function () {});
  }

  function note(box, text, isError) {
    box.querySelectorAll(".poll__note").forEach(function (old) { old.remove(); });
    var p = document.createElement("p");
    p.className = "poll__note" + (isError ? " notice" : "");
    p.textContent = text;
    p.setAttribute("role", isError ? "alert" : "status");
    p.tabIndex = -1;
    var title = box.querySelector(".poll__title");  // none on the poll's own page
    if (title) title.after(p); else box.prepend(p);
    return p;
  }

  // The answers give way to the question, as after a vote without JavaScript.
  function keepOnlyQuestion(box) {
    var form = box.querySelector(".poll__form");
    if (!form) return;
    var legend = form.querySelector(".poll__question");
    if (legend.classList.contains("visually-hidden")) {
      form.remove();  // the poll's own page: its heading is the question
      return;
    }
    var question = document.createElement("p");
    question.className = "poll__question";
    question.textContent = legend.textContent;
    form.replaceWith(question);
  }

  function vote(box, form, choice) {
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;  // one click, one vote, however often it is pressed
    fetch(box.dataset.api + "vote/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ choice: choice.value })
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (response.ok) {
            keepOnlyQuestion(box);
            note(box, box.dataset.textThanks, false).focus();
            if (data.results_visible) showResults(box);
          } else {
            button.disabled = false;
            note(box, data.detail || response.statusText, true).focus();
          }
        });
      })
      .catch(function () { form.submit(); });
  }

  function enhance(box) {
    if (box.dataset.enhanced) return;
    box.dataset.enhanced = "true";
    var form = box.querySelector(".poll__form");
    if (!form) return;
    if (votedKeys().indexOf(box.dataset.pollKey) !== -1) {
      box.querySelector(".poll__voted").hidden = false;
      keepOnlyQuestion(box);
      if (box.dataset.resultsVisibility !== "after_close") showResults(box);
      return;
    }
    form.addEventListener("submit", function (event) {
      var choice = form.querySelector("input[name=choice]:checked");
      if (!choice || !window.fetch) return;
      event.preventDefault();
      vote(box, form, choice);
    });
  }

  document.querySelectorAll(".poll[data-poll-key]").forEach(enhance);
})();
