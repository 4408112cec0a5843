// Only under `site.py serve`: live reload, and a banner when the last rebuild failed.
(function () {
  "use strict";
  var s = document.createElement("script");
  s.src = "/livereload.js?port=" + (location.port || (location.protocol === "https:" ? 443 : 80));
  document.head.appendChild(s);
  fetch("/_duizhao/status.json", { cache: "no-store" }).then(function (r) {
    return r.ok ? r.json() : null;
  }).then(function (status) {
    var banner = document.getElementById("dev-banner");
    if (status && !status.ok && banner) {
      // The heading comes from the page (data-failed), in its script; the error names the file.
      var error = document.createElement("code");
      error.textContent = status.error;
      banner.textContent = banner.dataset.failed + "\n";
      banner.appendChild(error);
      banner.hidden = false;
    }
  }).catch(function () {});
})();
