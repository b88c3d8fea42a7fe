// The counter's Mẫu 02 and Mẫu 03 buttons print in a new tab, and only with a reason: without
// one that tab would show nothing but the form's error (the server checks it too). A button
// names its reason's textarea (data-needs-reason) and the message to show (data-message).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-needs-reason]");
  if (!button) return;
  const reason = document.getElementById(button.dataset.needsReason);
  if (!reason || reason.value.trim()) return;
  event.preventDefault();
  reason.setCustomValidity(button.dataset.message);
  reason.reportValidity();
  reason.focus();
});
document.addEventListener("input", (event) => {
  if (event.target.matches("textarea")) event.target.setCustomValidity("");
});
