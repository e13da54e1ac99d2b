/* Copy and Print buttons for the private result link; without JavaScript they stay hidden and the link can be
   selected in its box, and the browser's own Print works. */
document.addEventListener("DOMContentLoaded", function () {
  var input = document.getElementById("private-link-url");
  var status = document.querySelector("[data-copy-status]");
  var copy = document.querySelector("[data-copy-link]");
  var print = document.querySelector("[data-print]");
  if (input && copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) { status.textContent = copy.getAttribute("data-done") || "Link copied"; }
      }, function () {
        input.select();
      });
    });
  }
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  if (input) {
    input.addEventListener("focus", function () { input.select(); });
  }
});
