// Progressive enhancement for the suggestions page: "y" confirms and "n" dismisses the
// suggestion that has the focus, without leaving the page, and the focus moves to the next
// one. Without JavaScript (or when the answer is not a success) the buttons post the form.
(function () {
  "use strict";
  var list = document.querySelector("ol.suggestions");
  if (!list || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("suggestion-status");

  function next(item) {
    var sibling = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    if (sibling) { sibling.focus(); }
  }

  function send(form, button) {
    var item = form.closest("li.suggestion");
    var data = new FormData(form);
    data.append(button.name, button.value);
    button.disabled = true;
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected === false) { throw new Error(String(response.status)); }
      if (status) { status.textContent = button.getAttribute("data-done") || button.textContent.trim(); }
      next(item);
    }).catch(function () {
      button.disabled = false;
      form.setAttribute("data-plain", "1");
      button.click(); // the page answers with its message, as without JavaScript
    });
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("data-plain") || !event.submitter) { return; }
    event.preventDefault();
    send(form, event.submitter);
  });

  list.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key && event.key.toLowerCase();
    if (key !== "y" && key !== "n") { return; }
    var target = event.target;
    if (target.matches("select, input, textarea")) { return; }
    var item = target.closest("li.suggestion");
    if (!item) { return; }
    var button = item.querySelector("button[data-key='" + key + "']");
    if (!button) { return; }
    event.preventDefault();
    send(button.form, button);
  });
})();
