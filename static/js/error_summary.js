// After a failed submit the page comes back with an error summary at the top: move the focus
// to it, so that a screen reader announces the problems and a keyboard user starts from them.
// Its links jump to each field. Without JavaScript the summary is simply the first thing read.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    // A fieldset's first control takes the focus; the page scrolls to the field's label.
    var control = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea, button");
    target.scrollIntoView({block: "center"});
    (control || target).focus({preventScroll: true});
  });
}());
