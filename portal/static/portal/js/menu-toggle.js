// On narrow screens the main menu folds behind a "Menu" button, so that a page's own content
// starts on the first screen of a phone. Without JavaScript the menu simply stays open.
(function () {
  "use strict";
  var nav = document.querySelector("[data-menu-toggle]");
  if (!nav) return;
  var list = nav.querySelector("ul");
  var narrow = window.matchMedia("(max-width: 47.99em)");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "main-menu__toggle";
  button.textContent = nav.getAttribute("data-menu-toggle");
  button.setAttribute("aria-controls", list.id);
  nav.insertBefore(button, list);
  function show(open) {
    button.setAttribute("aria-expanded", String(open));
    list.hidden = !open;
  }
  button.addEventListener("click", function () {
    show(list.hidden);
  });
  function fit() {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }
  narrow.addEventListener("change", fit);
  fit();
})();
