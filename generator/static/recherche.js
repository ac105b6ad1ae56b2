// The « Rechercher » page: Pagefind's interface (French from <html lang="fr">), fed by ?q= from the header form.
document.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({
    element: "#recherche",
    showSubResults: true,
    showImages: false,
    autofocus: true,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
