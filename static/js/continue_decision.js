// A decision on a large campaign is applied a part at a time, one request each: the page
// that shows a part done sends the next at once, until every letter is decided. Without
// JavaScript the moderator presses "Continue" as many times as it takes.
(function () {
  "use strict";
  var form = document.querySelector("form[data-continues]");
  if (!form) { return; }
  window.setTimeout(function () { form.requestSubmit(); }, 300);
}());
