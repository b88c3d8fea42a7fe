// Buttons marked data-print print the page (no inline onclick: the CSP forbids inline script).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
