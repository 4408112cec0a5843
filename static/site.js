// Progressive enhancement only: every link works without this file.
(function () {
  "use strict";
  // The script toggle keeps the reader's place: carry the #fragment across.
  document.querySelectorAll("a.script-toggle").forEach(function (a) {
    a.addEventListener("click", function () {
      if (location.hash) { a.href = a.href.split("#")[0] + location.hash; }
    });
  });
  // Paragraph anchors copy a full link to the clipboard as well as jumping there.
  document.querySelectorAll("a.anchor[data-copy]").forEach(function (a) {
    a.title = a.dataset.copy;
    a.addEventListener("click", function () {
      var url = location.href.split("#")[0] + a.getAttribute("href");
      if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(function () {
          a.textContent = a.dataset.copied;
          setTimeout(function () { a.textContent = "#"; }, 1500);
        }, function () {});
      }
    });
  });
})();
