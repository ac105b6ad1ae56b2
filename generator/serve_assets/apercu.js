// The live preview of `balises serve`: reload after each rebuild, and show the data's errors over the page
// until they are fixed. Added to every page by the preview server only, never to a published site.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(script.getAttribute("data-generation"));
  var stateUrl = script.getAttribute("data-etat");
  var box = null;

  // Styles come from apercu.css (classes), never from style attributes: the preview runs under the site's CSP.
  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text; // never innerHTML: messages quote the data
    if (className) node.className = className;
    return node;
  }

  function panel() {
    if (box === null) {
      box = element("section", "", "balises-apercu");
      box.id = "balises-apercu-erreurs";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    return box;
  }

  function where(problem) {
    if (!problem.file) return "";
    return problem.line > 0
      ? problem.file + ", ligne " + problem.line + ", colonne " + problem.column
      : problem.file;
  }

  function showErrors(status) {
    var root = panel();
    root.textContent = "";
    var count = status.problems.length;
    root.appendChild(
      element(
        "h2",
        count === 1
          ? "Les données contiennent 1 erreur"
          : "Les données contiennent " + count + " erreurs",
        "balises-apercu__titre"
      )
    );
    root.appendChild(
      element(
        "p",
        "L'aperçu montre la dernière version valide. Corrigez puis enregistrez : " +
          "ce cadre disparaît dès que les données sont valides.",
        "balises-apercu__texte"
      )
    );
    var list = element("ul", "", "balises-apercu__liste");
    status.problems.forEach(function (problem) {
      var item = element("li", "", "balises-erreur");
      var place = element("strong", where(problem), "balises-erreur-lieu");
      item.appendChild(place);
      item.appendChild(document.createTextNode((place.textContent ? " : " : "") + problem.message));
      if (problem.code) item.appendChild(element("code", " [" + problem.code + "]", "balises-apercu__code"));
      if (problem.hint) item.appendChild(element("div", "→ " + problem.hint, "balises-apercu__conseil"));
      list.appendChild(item);
    });
    root.appendChild(list);
  }

  function hideErrors() {
    if (box !== null) {
      box.remove();
      box = null;
    }
  }

  function poll() {
    fetch(stateUrl, { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(function (status) {
        if (status.state === "ok" && status.generation !== shown) {
          window.location.reload();
          return;
        }
        if (status.state === "erreurs") showErrors(status);
        else hideErrors();
        window.setTimeout(poll, 600);
      })
      .catch(function () {
        window.setTimeout(poll, 2000); // the preview was stopped: try again quietly
      });
  }

  poll();
})();
