// Progressive enhancement only: every page works without this file.
// Filters apply as soon as a checkbox changes; long checks show that they run.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=checkbox], select")) { form.submit(); }
    });
    form.querySelectorAll("[data-js-hide]").forEach(function (el) { el.hidden = true; });
  });
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button");
      if (button) { button.disabled = true; button.textContent = form.dataset.busy; }
    });
  });
});
