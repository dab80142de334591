// Kairos dashboard: live updates without a reload. Every 2 s, the page is fetched again and each element marked
// data-refresh (with an id) is replaced by its new version. Paused while a form field has focus or the tab is hidden,
// so nothing changes under the user's hands. No framework, no build step.
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  if (!live || !window.fetch || !window.DOMParser) {
    return;
  }
  var interval = Math.max(2000, parseInt(live.getAttribute("data-live"), 10) || 2000);
  var busy = false;

  function editing() {
    var active = document.activeElement;
    return !!(active && active.closest && active.closest("form"));
  }

  function refresh() {
    if (busy || document.hidden || editing()) {
      return;
    }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Kairos-Refresh": "1" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (editing()) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-refresh][id]").forEach(function (old) {
          var replacement = fresh.getElementById(old.id);
          if (replacement && replacement.innerHTML !== old.innerHTML) {
            old.replaceWith(document.importNode(replacement, true));
          }
        });
        live.classList.remove("stale");
        live.textContent = "Live: updated " + new Date().toLocaleTimeString();
      })
      .catch(function () {
        live.classList.add("stale");
        live.textContent = "Live updates paused: the host did not answer";
      })
      .finally(function () {
        busy = false;
      });
  }

  window.setInterval(refresh, interval);
})();
