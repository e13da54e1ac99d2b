/* Progressive enhancement: move focus to the error summary so screen readers and keyboard users start there. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
