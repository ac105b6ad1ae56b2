// The live preview of `balises serve`: reload after each rebuild, and show the data's errors over the page
// until they are fixed. Added to every page by the preview server only, never to a published site.
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(script.getAttribute("data-generation"));
  var stateUrl = script.getAttribute("data-etat");
  var box = null;

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text; // never innerHTML: messages quote the data
    if (style) node.setAttribute("style", style);
    return node;
  }

  function panel() {
    if (box === null) {
      box = element(
        "section",
        "",
        "position:fixed;z-index:10000;left:0;right:0;top:0;max-height:60vh;overflow:auto;" +
          "background:#fff4f4;color:#1a1a1a;border-bottom:4px solid #b00020;padding:1rem 1.5rem;" +
          "font:16px/1.45 system-ui,sans-serif;box-shadow:0 2px 12px rgba(0,0,0,.25)"
      );
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
        "margin:0 0 .25rem;font-size:1.2rem;color:#b00020"
      )
    );
    root.appendChild(
      element(
        "p",
        "L'aperçu montre la dernière version valide. Corrigez puis enregistrez : " +
          "ce cadre disparaît dès que les données sont valides.",
        "margin:0 0 .75rem"
      )
    );
    var list = element("ul", "", "margin:0;padding-left:1.2rem");
    status.problems.forEach(function (problem) {
      var item = element("li", "", "margin:.4rem 0");
      item.className = "balises-erreur";
      var place = element("strong", where(problem));
      place.className = "balises-erreur-lieu";
      item.appendChild(place);
      item.appendChild(document.createTextNode((place.textContent ? " : " : "") + problem.message));
      if (problem.code) item.appendChild(element("code", " [" + problem.code + "]", "font-size:.85em"));
      if (problem.hint) item.appendChild(element("div", "→ " + problem.hint, "color:#333"));
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
