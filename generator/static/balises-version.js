// Material for MkDocs (MIT, squidfunk; templates/partials/javascripts/outdated.html of Material 9.8), as a file:
// the « outdated version » banner. The site's base comes from the tag's data-md-base.
var el = document.querySelector("[data-md-component=outdated]"),
  base = new URL(document.currentScript.getAttribute("data-md-base"), location),
  outdated = __md_get("__outdated", sessionStorage, base);
!0 === outdated && el && (el.hidden = !1);
