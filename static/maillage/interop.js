// The "Imprimer" button of the Atlas sheet.
document.querySelectorAll("[data-interop-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
