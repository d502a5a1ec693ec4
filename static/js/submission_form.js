/* The submission form, enhanced: live word counts, a copy of the text in this browser
   (localStorage) so that nothing typed is lost to a crash, a lost connection, an expired
   session or a too-large upload, and a draft autosave every 30 seconds. Without JavaScript
   the form works as it is. */
(function () {
  "use strict";
  var form = document.querySelector("form.submission-form");
  if (!form) { return; }
  var storageKey = form.getAttribute("data-storage-key");
  var autosaveUrl = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var sending = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && el.name !== "lock_version" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "hidden";
    });
  }

  function snapshot() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { (values[el.name] = values[el.name] || []).push(el.value); }
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function keepCopy() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ savedAt: new Date().toISOString(), values: snapshot() }));
    } catch (e) { /* storage full or disabled: the server copy still counts */ }
  }

  function readCopy() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
  }

  function restore(values) {
    fields().forEach(function (el) {
      if (!(el.name in values)) {
        if (el.type === "checkbox" || el.type === "radio") { el.checked = false; }
        return;
      }
      var value = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
      } else {
        el.value = value;
      }
    });
    updateCounts();
    dirty = true;
  }

  // --- word counts ----------------------------------------------------------------
  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return text.trim() === "" ? 0 : words.length;
  }

  function updateCounts() {
    Array.prototype.forEach.call(form.querySelectorAll("textarea[data-word-limit]"), function (area) {
      var out = form.querySelector('.word-count[data-for="' + area.id + '"]');
      if (!out) { return; }
      var limit = parseInt(area.getAttribute("data-word-limit"), 10);
      var n = countWords(area.value);
      out.textContent = n + " / " + limit + (n > limit ? " — " + (n - limit) + " too many" : "");
      out.classList.toggle("over-limit", n > limit);
    });
  }

  // --- the copy kept in this browser ----------------------------------------------------
  var offer = document.getElementById("restore-offer");
  var copy = readCopy();
  if (copy && copy.values) {
    if (same(copy.values, snapshot())) {
      localStorage.removeItem(storageKey);
    } else if (offer) {
      offer.hidden = false;
      document.getElementById("restore-yes").addEventListener("click", function () {
        restore(copy.values); offer.hidden = true;
      });
      document.getElementById("restore-no").addEventListener("click", function () {
        localStorage.removeItem(storageKey); offer.hidden = true;
      });
    }
  }

  form.addEventListener("input", function () { dirty = true; keepCopy(); updateCounts(); });
  form.addEventListener("change", function () { dirty = true; keepCopy(); });
  form.addEventListener("submit", function (event) {
    if (sending) { event.preventDefault(); return; }  // a double click sends once
    sending = true;
    keepCopy();
    window.setTimeout(function () { sending = false; }, 10000);
  });
  updateCounts();

  // --- autosave -----------------------------------------------------------------------
  function say(text) { if (status) { status.textContent = text; } }

  function autosave() {
    if (!autosaveUrl || !dirty || sending) { return; }
    var data = new FormData(form);
    var language = form.querySelector('select[name="language"]');
    var sentLanguage = language ? language.value : null;
    data.delete("attachments");
    data.set("action", "save");
    dirty = false;
    fetch(autosaveUrl, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) {
          form.querySelector('input[name="lock_version"]').value = result.body.lock_version;
          // The text may have corrected the language; unless the person changed it meanwhile,
          // show what is stored, or the next save would take the old value for their choice.
          if (language && result.body.language && language.value === sentLanguage) {
            language.value = result.body.language;
          }
          say(result.body.message);
        } else {
          dirty = true;
          say(result.body.error || "Not saved. Your text is kept in this browser.");
        }
      })
      .catch(function () {
        dirty = true;
        say(form.getAttribute("data-offline-message") || "Not saved (no connection). Your text is kept in this browser.");
      });
  }
  if (autosaveUrl) { window.setInterval(autosave, 30000); }
})();
