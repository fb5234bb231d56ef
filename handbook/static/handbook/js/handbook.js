// Enhancements only: copy a clause's citation, and keep the section anchor when switching
// language (anchors are the same in every translation).
(function () {
  "use strict";
  document.querySelectorAll(".cite").forEach(function (cite) {
    var button = cite.querySelector(".cite__copy");
    var text = cite.querySelector(".cite__text");
    if (!button || !text || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.trim()).then(function () {
        button.textContent = "✓ " + label;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
  function carryAnchor() {
    document.querySelectorAll(".language-switcher a[hreflang]").forEach(function (link) {
      if (link.dataset.base === undefined) {
        if (link.getAttribute("href").indexOf("#") !== -1) return; // a fallback, not a translation
        link.dataset.base = link.getAttribute("href");
      }
      link.setAttribute("href", link.dataset.base + window.location.hash);
    });
  }
  window.addEventListener("hashchange", carryAnchor);
  if (window.location.hash) carryAnchor();
})();
