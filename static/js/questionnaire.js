/* Progressive enhancement for the question pages; every rule here is also enforced by the server.
   1. "None of these" and the other boxes of a group exclude each other as they are ticked.
   2. A few minutes before unfinished answers are forgotten, a warning appears (the time is on the page anyway). */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll('input[type="checkbox"][value="none"]').forEach(function (none) {
    var others = document.querySelectorAll('input[type="checkbox"][name="' + none.name + '"]:not([value="none"])');
    none.addEventListener("change", function () {
      if (none.checked) { others.forEach(function (box) { box.checked = false; }); }
    });
    others.forEach(function (box) {
      box.addEventListener("change", function () { if (box.checked) { none.checked = false; } });
    });
  });

  var notice = document.querySelector("[data-session-expires]");
  var warning = document.querySelector("[data-session-warning]");
  if (notice && warning) {
    var expires = Date.parse(notice.getAttribute("data-session-expires"));
    var warnBefore = 10 * 60 * 1000;
    var delay = expires - warnBefore - Date.now();
    if (!isNaN(delay)) {
      window.setTimeout(function () { warning.hidden = false; }, Math.max(0, delay));
    }
  }
});
