// The 打印 button (hidden without JavaScript: the browser's own print command does the same).
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());

// Printed pages show the collapsed 提示 too.
window.addEventListener("beforeprint", function () {
  Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.setAttribute("open", ""); });
});
