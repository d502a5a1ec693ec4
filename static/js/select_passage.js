// Progressive enhancement: selecting text in one part of a submission fills the form marked
// data-passage-form with the part and the passage — the redaction form on the review page,
// the tagging form on the analysis page. data-passage-form names the attribute that marks
// the parts in the page, data-part-name the form's select of parts. Without JavaScript the
// person pastes the passage and picks the part; the server checks it either way.
(function () {
  "use strict";
  var form = document.querySelector("[data-passage-form]");
  if (!form || !window.getSelection) { return; }
  var partAttribute = form.getAttribute("data-passage-form");
  var partSelect = form.querySelector("select[name=" + form.getAttribute("data-part-name") + "]");
  var passage = form.querySelector("textarea[name=passage]");
  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    var text = selection ? selection.toString().trim() : "";
    if (!text || !selection.anchorNode) { return; }
    var node = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    var container = node && node.closest("[" + partAttribute + "]");
    if (!container || !container.contains(selection.focusNode)) { return; }
    var part = container.getAttribute(partAttribute);
    var known = Array.prototype.some.call(partSelect.options, function (o) { return o.value === part; });
    if (!known) { return; }
    partSelect.value = part;
    passage.value = text;
  });
})();
