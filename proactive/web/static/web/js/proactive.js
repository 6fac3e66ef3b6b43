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

// Idle sign-out (KWCAG 2.2 응답시간 조절): show the time left, warn two minutes before, let the user extend.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector(".proactive-session");
  if (!box) return;
  const seconds = parseInt(box.dataset.sessionSeconds, 10);
  const label = box.querySelector(".proactive-session-time");
  const warning = document.querySelector(".proactive-session-warning");
  const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  let deadline = Date.now() + seconds * 1000;
  const show = () => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    label.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    if (left <= 120 && warning.hidden) {
      warning.hidden = false;
      warning.querySelector("button").focus();
    }
    if (left === 0) window.location.assign(box.dataset.expiredUrl);
  };
  const extend = () => {
    fetch(box.dataset.extendUrl, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then((response) => {
        if (response.status === 204) {
          deadline = Date.now() + seconds * 1000;
          warning.hidden = true;
          show();
        } else {
          window.location.assign(box.dataset.expiredUrl);
        }
      });
  };
  document.querySelectorAll(".proactive-session-extend").forEach((b) => b.addEventListener("click", extend));
  // Any htmx request renews the session on the server too.
  document.body.addEventListener("htmx:afterRequest", () => { deadline = Date.now() + seconds * 1000; });
  show();
  window.setInterval(show, 1000);
});
