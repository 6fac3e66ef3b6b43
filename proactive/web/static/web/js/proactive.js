// Small behaviours for the whole site. No inline scripts exist, so the CSP can forbid them.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Confirm dangerous actions: <form data-confirm="…">.
  document.body.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // Keep focus management accessible after htmx swaps: focus the first element marked data-autofocus.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target.querySelector("[data-autofocus]");
    if (target) target.focus();
  });
});
