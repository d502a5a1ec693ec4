// Progressive enhancement for the review page: selecting text in the submission fills the
// redaction form (the part and the passage). Without JavaScript the moderator pastes it.
(function () {
  "use strict";
  var form = document.querySelector(".redaction-form");
  if (!form || !window.getSelection) { return; }
  var fieldSelect = form.querySelector("select[name=field]");
  var passage = form.querySelector("textarea[name=passage]");
  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    var text = selection ? selection.toString().trim() : "";
    if (!text || !selection.anchorNode) { return; }
    var node = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    var container = node && node.closest("[data-field]");
    if (!container || !container.contains(selection.focusNode)) { return; }
    var field = container.getAttribute("data-field");
    if (!fieldSelect.querySelector("option[value='" + field + "']")) { return; }
    fieldSelect.value = field;
    passage.value = text;
  });
})();
