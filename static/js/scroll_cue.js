// Wide tables on narrow screens show that they scroll: the edge with more to see fades out
// (classes scroll-more-start / scroll-more-end, drawn by kzsafety.css), and a hint from the
// body's data-scroll-hint stands above a table that overflows (shown on small screens only).
(function () {
  "use strict";
  var text = document.body.getAttribute("data-scroll-hint");
  function update(box) {
    var overflowing = box.scrollWidth > box.clientWidth + 1;
    var left = Math.abs(box.scrollLeft);
    box.classList.toggle("scroll-more-start", overflowing && left > 1);
    box.classList.toggle("scroll-more-end", overflowing && left + box.clientWidth < box.scrollWidth - 1);
    var hint = box.previousElementSibling;
    if (!hint || !hint.classList.contains("scroll-hint")) {
      if (!overflowing || !text) { return; }
      hint = document.createElement("p");
      hint.className = "scroll-hint small text-muted mb-1";
      hint.setAttribute("aria-hidden", "true");  // screen readers reach every column anyway
      hint.textContent = text;
      box.parentNode.insertBefore(hint, box);
    }
    hint.hidden = !overflowing;
  }
  var boxes = document.querySelectorAll(".table-responsive");
  boxes.forEach(function (box) {
    update(box);
    box.addEventListener("scroll", function () { update(box); }, { passive: true });
  });
  window.addEventListener("resize", function () { boxes.forEach(update); });
})();
