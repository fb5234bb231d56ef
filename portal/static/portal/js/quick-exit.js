// Quick exit: leave at once for a neutral site, replacing this page in the history so
// the Back button does not return here. Pressing Escape twice within a second does the same.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit-link]");
  if (!link) return;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) {
      leave(event);
    }
    lastEscape = now;
  });
})();
