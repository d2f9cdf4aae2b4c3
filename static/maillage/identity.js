// Shows the colour being chosen in the preview block of the identity settings, before saving:
// the preview's stylesheet is asked again for the new colour (no inline style: CSP).
(function () {
  "use strict";
  var link = document.getElementById("identity-preview-css");
  var input = document.querySelector("input[name='primary_colour']");
  if (!link || !input) {
    return;
  }
  var template = link.getAttribute("data-url-template");
  input.addEventListener("input", function () {
    var value = input.value.trim().toLowerCase();
    if (/^#[0-9a-f]{6}$/.test(value)) {
      link.setAttribute("href", template.replace("000000", value.slice(1)));
    }
  });
})();
