// Progressive enhancement for the convener pages; everything works without it.
(function () {
  "use strict";
  // Suggest a web address from the title while the slug field is still empty.
  var title = document.querySelector("[data-slug-source]");
  var slug = document.getElementById("slug");
  if (title && slug) {
    var touched = slug.value !== "";
    slug.addEventListener("input", function () { touched = slug.value !== ""; });
    title.addEventListener("input", function () {
      if (touched) { return; }
      slug.placeholder = title.value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
        .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
    });
  }
})();
