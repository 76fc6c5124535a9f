// The admin export page's "select all" toggle, bound here instead of an inline onchange
// attribute, which the Content-Security-Policy blocks. onSelectToggleChange comes from
// django-import-export's export_selectable_fields.js (loaded with the form's media).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", function (event) {
      if (typeof window.onSelectToggleChange === "function") {
        window.onSelectToggleChange(event);
      }
    });
  });
});
