// Material for MkDocs (MIT, squidfunk; templates/partials/javascripts/content.html of Material 9.8), as a file:
// with « content.tabs.link », the tabs last chosen by the reader are opened again.
var tabs = __md_get("__tabs");
if (Array.isArray(tabs))
  e: for (var set of document.querySelectorAll(".tabbed-set")) {
    var labels = set.querySelector(".tabbed-labels");
    for (var tab of tabs)
      for (var label of labels.getElementsByTagName("label"))
        if (label.innerText.trim() === tab) {
          var input = document.getElementById(label.htmlFor);
          input.checked = !0;
          continue e;
        }
  }
