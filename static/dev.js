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
      banner.textContent = "Build failed, showing the last good site:\n" + status.error;
      banner.hidden = false;
    }
  }).catch(function () {});
})();
