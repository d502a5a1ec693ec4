// Progressive enhancement for a submission's analysis page: selecting text in one of its
// parts fills the tagging form (the part and the passage). Without JavaScript the analyst
// pastes the passage and chooses the part; the server checks it either way.
(function () {
  "use strict";
  var form = document.querySelector(".tag-form");
  if (!form || !window.getSelection) { return; }
  var partSelect = form.querySelector("select[name=part]");
  var passage = form.querySelector("textarea[name=passage]");
  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    var text = selection ? selection.toString().trim() : "";
    if (!text || !selection.anchorNode) { return; }
    var node = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    var container = node && node.closest("[data-part]");
    if (!container || !container.contains(selection.focusNode)) { return; }
    var part = container.getAttribute("data-part");
    var option = Array.prototype.find.call(partSelect.options, function (o) { return o.value === part; });
    if (!option) { return; }
    partSelect.value = part;
    passage.value = text;
  });
})();
