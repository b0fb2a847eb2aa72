/* authstate's pages, progressively enhanced: the server-rendered text stays right without this script.
 * - [data-countdown]: a <time> whose text counts down to its datetime ("4:59 left"), then says it ended.
 * - [data-copy-target]: a hidden button shown here that copies the target element's text.
 */
(function () {
  "use strict";

  function remaining(until) {
    return Math.max(0, Math.round((until - Date.now()) / 1000));
  }

  function format(seconds, template) {
    var minutes = Math.floor(seconds / 60);
    var rest = String(seconds % 60).padStart(2, "0");
    return template.replace("%(time)s", minutes + ":" + rest);
  }

  function startCountdown(el) {
    var until = Date.parse(el.getAttribute("datetime"));
    if (isNaN(until)) { return; }
    var template = el.getAttribute("data-countdown") || "%(time)s";
    var ended = el.getAttribute("data-ended") || "";
    function tick() {
      var seconds = remaining(until);
      el.textContent = seconds > 0 ? format(seconds, template) : ended;
      if (seconds > 0) { window.setTimeout(tick, 1000); }
    }
    tick();
  }

  function enableCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) { return; }
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied") || "Copied."; }
      });
    });
  }

  function start() {
    document.querySelectorAll("time[data-countdown]").forEach(startCountdown);
    document.querySelectorAll("button[data-copy-target]").forEach(enableCopy);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
