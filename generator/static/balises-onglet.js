// Material for MkDocs (MIT, squidfunk; templates/partials/javascripts/content.html of Material 9.8), as a file:
// the content tab named by the address's #fragment is opened.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
