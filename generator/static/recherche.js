// The « Rechercher » page: a small result list on Pagefind's search API (pagefind.js and its WebAssembly), in
// place of Pagefind's ready-made interface, which alone weighed more than a phone's first search should.
// The header's form leads here with ?q=; typing in the page's own box searches again and updates the address.
// Titles and excerpts are data: they are put in the page as text, only the excerpt's <mark> is kept as markup.
(function () {
  "use strict";

  var PAGE = 10; // results shown at first, and added by « Afficher plus de résultats »
  var SECTIONS = 3; // matching headings shown under a result

  var root = document.getElementById("recherche");
  if (!root) {
    return;
  }
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var status = root.querySelector(".balises-recherche__etat");
  var list = root.querySelector(".balises-recherche__resultats");
  var more = root.querySelector(".balises-recherche__plus");
  var bundle = new URL(root.getAttribute("data-pagefind"), document.baseURI);
  var engine = null; // the Pagefind module, once loaded
  var results = []; // the current query's results, best first
  var shown = 0;
  var asked = 0; // the number of the latest query: older answers arriving late are dropped

  function say(text) {
    status.textContent = text;
  }

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        // The site may live below a path (https://example.org/balises/): Pagefind's URLs start from its root.
        // No worker: it would download a second copy of Pagefind's code (40 KB) to save a few milliseconds.
        return pagefind
          .options({ baseUrl: new URL("..", bundle).pathname, excerptLength: 24, noWorker: true })
          .then(function () {
            return pagefind;
          });
      });
    }
    return engine;
  }

  // The excerpt as a paragraph: its text, with Pagefind's <mark> around the words found; other markup is text.
  function excerpt(html) {
    var holder = document.createElement("p");
    holder.className = "balises-resultat__extrait";
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body; // inert: nothing runs
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        holder.appendChild(mark);
      } else {
        holder.appendChild(document.createTextNode(node.textContent));
      }
    });
    return holder;
  }

  function link(url, text, className) {
    var a = document.createElement("a");
    a.href = url;
    a.className = className;
    a.textContent = text;
    return a;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "balises-resultat";
    var title = (data.meta && data.meta.title) || data.url;
    li.appendChild(link(data.url, title, "balises-resultat__titre"));
    li.appendChild(excerpt(data.excerpt || ""));
    var page = data.url.split("#")[0];
    var sections = (data.sub_results || [])
      .filter(function (sub) {
        return sub.url.split("#")[0] === page && sub.url !== data.url && sub.title && sub.title !== title;
      })
      .slice(0, SECTIONS);
    if (sections.length) {
      var ul = document.createElement("ul");
      ul.className = "balises-resultat__sections";
      sections.forEach(function (sub) {
        var entry = document.createElement("li");
        entry.appendChild(link(sub.url, sub.title, "balises-resultat__section"));
        entry.appendChild(excerpt(sub.excerpt || ""));
        ul.appendChild(entry);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function showMore(query) {
    var number = asked;
    var next = results.slice(shown, shown + PAGE);
    more.hidden = true;
    return Promise.all(
      next.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (number !== asked) {
        return;
      }
      pages.forEach(function (data) {
        list.appendChild(item(data));
      });
      shown += pages.length;
      more.hidden = shown >= results.length;
      var count = results.length;
      say(
        (count === 1 ? "1 résultat" : count + " résultats") +
          " pour « " +
          query +
          " »" +
          (shown < count ? " ; " + shown + " affichés." : ".")
      );
    });
  }

  function search(query) {
    var number = ++asked;
    query = query.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    list.textContent = "";
    more.hidden = true;
    results = [];
    shown = 0;
    if (!query) {
      say("");
      return Promise.resolve();
    }
    say("Recherche en cours…");
    return load()
      .then(function (pagefind) {
        return pagefind.debouncedSearch(query, {}, 250);
      })
      .then(function (found) {
        if (!found || number !== asked) {
          return; // a newer query replaced this one
        }
        results = found.results;
        if (!results.length) {
          say(
            "Aucun résultat pour « " +
              query +
              " ». Essayez un autre mot, sans la commune, ou parcourez les territoires et leurs répertoires."
          );
          return;
        }
        return showMore(query);
      })
      .catch(function () {
        if (number === asked) {
          say(
            "La recherche n'a pas pu se charger (elle demande que le site soit servi par un serveur web). " +
              "Parcourez les territoires et leurs répertoires."
          );
        }
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
  });
  input.addEventListener("input", function () {
    search(input.value);
  });
  more.addEventListener("click", function () {
    showMore(input.value.trim());
  });

  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  if (query) {
    search(query);
  } else {
    input.focus();
  }
})();
