// Material for MkDocs (MIT, squidfunk; templates/partials/javascripts/announce.html of Material 9.8), as a file:
// an announcement the reader dismissed stays hidden.
var el = document.querySelector("[data-md-component=announce]");
if (el) {
  var content = el.querySelector(".md-typeset");
  __md_hash(content.innerHTML) === __md_get("__announce") && (el.hidden = !0);
}
