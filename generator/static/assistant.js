// « Qui contacter ? » — the referral assistant. It walks the territory's logigram (data/<territoire>.json,
// the same graph as `balises route`) for the situation in the form, entirely in the browser: nothing is sent.
// The situation lives in the query string (territoire, periode, indicateurs, refus, danger, depistage, strate),
// so a result can be bookmarked or shared. No framework, no build step; text is set with textContent only.
(function () {
  "use strict";

  var form = document.getElementById("assistant");
  var output = document.getElementById("resultat");
  if (!form || !output) {
    return;
  }
  var cache = {};

  // ---- the situation <-> the form <-> the query string -------------------------------------------------------

  // `params`: the form's FormData or the query's URLSearchParams (the query joins the indicators with commas).
  function situation(params) {
    var indicators = [];
    params.getAll("indicateurs").forEach(function (value) {
      value.split(",").forEach(function (id) {
        if (id.trim() && indicators.indexOf(id.trim()) < 0) {
          indicators.push(id.trim());
        }
      });
    });
    return {
      territoire: params.get("territoire") || "",
      periode: params.get("periode") || "",
      indicateurs: indicators,
      refus: params.get("refus") === "1",
      danger: params.get("danger") === "1",
      depistageRefuse: params.get("depistage") === "refuse",
      strate: params.get("strate") || "",
    };
  }

  function toQuery(s) {
    var params = new URLSearchParams();
    params.set("territoire", s.territoire);
    if (s.periode) params.set("periode", s.periode);
    if (s.indicateurs.length) params.set("indicateurs", s.indicateurs.join(","));
    if (s.refus) params.set("refus", "1");
    if (s.danger) params.set("danger", "1");
    if (s.depistageRefuse) params.set("depistage", "refuse");
    if (s.strate) params.set("strate", s.strate);
    return "?" + params.toString().replace(/%2C/g, ",");
  }

  function fillForm(s) {
    form.elements.territoire.value = s.territoire;
    Array.prototype.forEach.call(form.elements.periode, function (radio) {
      radio.checked = radio.value === s.periode || (!s.periode && radio === form.elements.periode[0]);
    });
    form.elements.danger.checked = s.danger;
    form.elements.refus.checked = s.refus;
    Array.prototype.forEach.call(form.elements.depistage, function (radio) {
      radio.checked = radio.value === (s.depistageRefuse ? "refuse" : "fait");
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[name="indicateurs"]'), function (box) {
      box.checked = s.indicateurs.indexOf(box.value) >= 0;
    });
    form.elements.strate.value = s.strate;
  }

  // ---- the walk (the port of generator/route.py: walk and _decide) -------------------------------------------

  function matches(when, value) {
    if (when !== null && typeof when === "object") {
      return value >= when.min && (when.max === undefined || value <= when.max);
    }
    return when === value;
  }

  function walk(data, s) {
    var graph = data.logigramme;
    var count = s.indicateurs.length;
    var values = {
      danger: s.danger,
      refus: s.refus,
      jugement: s.strate || "aucun",
      depistage: s.depistageRefuse ? "refuse" : "fait",
      indicateurs: count,
    };
    var nodeId = graph.depart;
    var stratum = "";
    var functions = [];
    var reasons = [];
    for (var steps = 0; steps < 1000; steps++) {
      var node = graph.noeuds[nodeId];
      if (node.type === "end") {
        break;
      }
      var edges = graph.aretes.filter(function (e) {
        return e.de === nodeId;
      });
      var edge = edges[0];
      if (node.type === "decision") {
        var value = values[node.entree];
        edge = edges.filter(function (e) {
          return matches(e.si, value);
        })[0];
        reasons.push(node.libelle + " → " + edge.libelle);
      }
      if (node.strate) stratum = node.strate;
      if (node.fonction && functions.indexOf(node.fonction) < 0) functions.push(node.fonction);
      nodeId = edge.vers;
    }
    // the scenario and the prestations open come precomputed by Python (assistant_data.prestation_cases)
    var scenario = data.prestations_par_cas[values.depistage + "|" + (s.periode || "*") + "|" + Math.min(count, 2)];
    reasons.push(count + " indicateur(s) → scénario " + scenario.scenario);
    var proposals = functions.map(function (f) {
      var key = f + "|" + stratum + "|" + (s.periode || "*");
      return { fonction: f, items: data.propositions[key] || [] };
    });
    return { strate: stratum, scenario: scenario, fonctions: functions, raisons: reasons, propositions: proposals };
  }

  // ---- rendering (DOM nodes and textContent only: data never becomes markup) ---------------------------------

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function euros(amount) {
    return amount.toFixed(2).replace(".", ",") + " €";
  }

  // A role (« Le CPAS de la commune de la famille ») becomes the service of the family's commune when the postcode is given
  // and the data has one (data.locaux, made by assistant_data._local); each actor once.
  function localItems(data, items, code) {
    var seen = {};
    var out = [];
    items.forEach(function (item) {
      var roles = (data.locaux || {})[item.acteur || "type:" + item.type] || {};
      var local = /^[1-9][0-9]{3}$/.test(code) && roles[code];
      (local ? local.map(function (id) { return { acteur: id }; }) : [item]).forEach(function (i) {
        var key = i.acteur || "type:" + i.type;
        if (!seen[key]) {
          seen[key] = true;
          out.push(i);
        }
      });
    });
    return out;
  }

  function actorItem(data, item) {
    if (!item.acteur) {
      return el("li", { "data-type": item.type }, [item.nom + " (tout acteur de ce type, à trouver près de la famille)"]);
    }
    var actor = data.acteurs[item.acteur];
    var li = el("li", { "data-acteur": item.acteur }, [el("a", { href: actor.page }, [actor.nom])]);
    var contacts = [];
    var first = (actor.telephones || [])[0];  // its `tel` is what Python dials too (model.dial)
    if (first) contacts.push(first.tel ? el("a", { href: "tel:" + first.tel }, [first.numero]) : document.createTextNode(first.numero));
    if (actor.email) contacts.push(el("a", { href: "mailto:" + actor.email }, [actor.email]));
    if (actor.site) contacts.push(el("a", { href: actor.site }, ["site web"]));
    if (actor.adresse) contacts.push(document.createTextNode(actor.adresse));
    if (contacts.length) {
      var line = el("span", { class: "assistant-contacts" }, [" — "]);
      contacts.forEach(function (c, i) {
        if (i) line.appendChild(document.createTextNode(" · "));
        line.appendChild(c);
      });
      li.appendChild(line);
    } else if (actor.generique) {
      li.appendChild(document.createTextNode(" — un rôle : adressez-vous à l'acteur de ce type le plus proche"));
    } else {
      li.appendChild(document.createTextNode(" — voir sa fiche (aucun contact public renseigné)"));
    }
    return li;
  }

  function prestationItem(data, id, exceptions) {
    var p = data.prestations[id];
    var li = el("li", { "data-prestation": id }, [
      el("strong", {}, [p.nom]),
      " — " + euros(p.tarif.montant) + " " + p.tarif.unite + " (tarif " + p.tarif.annee + ")",
    ]);
    if (p.limites.length) {
      // the first limit is the one of the convention's table 1; the prestations page has them all
      li.appendChild(el("br"));
      li.appendChild(el("span", { class: "assistant-aide" }, [p.limites[0] + " "]));
      li.appendChild(el("a", { href: "../prestations/#" + id }, ["Toutes les règles"]));
    }
    if (exceptions[id]) {
      li.appendChild(el("br"));
      li.appendChild(el("span", { class: "assistant-aide" }, ["Exception : " + exceptions[id]]));
    }
    return li;
  }

  // « 04/12/2026 » from « 2026-12-04 »; anything else as given.
  function frenchDate(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : value || "";
  }

  // A link only to a web page: a data value never becomes a javascript: or data: URL.
  function sourceLink(url, text) {
    return /^https?:\/\//i.test(url || "") ? el("a", { href: url }, [text]) : document.createTextNode(text);
  }

  function urgentPhone(phone, hours) {
    var line = el("p", { class: "assistant-urgence-numero" }, [
      phone.tel ? el("a", { href: "tel:" + phone.tel, class: "assistant-tel" }, [phone.numero]) : phone.numero,
    ]);
    var what = [phone.libelle, phone.heures || hours].filter(Boolean).join(" — ");
    if (what) line.appendChild(document.createTextNode(" " + what));
    if (phone.source || phone.verifie) {
      var checked = el("span", { class: "assistant-aide" }, [" ("]);
      checked.appendChild(sourceLink(phone.source, "source"));
      if (phone.verifie) checked.appendChild(document.createTextNode(", vérifié le " + frenchDate(phone.verifie)));
      checked.appendChild(document.createTextNode(")"));
      line.appendChild(checked);
    }
    return line;
  }

  // The block `balises route --danger` opens with (data.urgence, made by assistant_data.urgent with route's
  // own urgent_block): the lines to call now, with their sourced numbers and hours, then the case management.
  function urgentBlock(data, s) {
    var block = data.urgence.bloc;
    var heading = el("h2", { id: "resultat-urgence", tabindex: "-1" }, ["Urgence : à faire maintenant"]);
    var section = el("section", { class: "assistant-urgence", "aria-labelledby": "resultat-urgence" }, [
      heading,
      el("p", {}, [el("strong", {}, [block.titre])]),
    ]);
    var lines = el("ul", { class: "assistant-urgence-lignes" }, block.contacts.map(function (c) {
      var li = el("li", { "data-urgence": c.id }, [el("strong", {}, [c.nom])]);
      c.telephones.forEach(function (phone) {
        li.appendChild(urgentPhone(phone, c.horaires));
      });
      return li;
    }));
    section.appendChild(lines);
    var then = data.urgence.ensuite[s.periode || "*"] || data.urgence.ensuite["*"];
    if (then) section.appendChild(el("p", {}, [el("strong", {}, ["Ensuite : "]), then]));
    section.appendChild(el("p", { class: "assistant-aide" }, ["« " + block.citation + " » — " + block.source]));
    return section;
  }

  function render(data, s, result) {
    output.textContent = "";
    output.setAttribute("data-strate", result.strate);
    output.setAttribute("data-scenario", result.scenario.scenario);
    var urgent = result.strate === "danger" && data.urgence ? urgentBlock(data, s) : null;
    if (urgent) output.appendChild(urgent); // what to do now comes before everything else
    var title = el("h2", { id: "resultat-titre", tabindex: "-1" }, ["Qui contacter — " + data.territoire.nom]);
    output.appendChild(title);
    var stratum = data.strates[result.strate];
    output.appendChild(el("h3", {}, ["Strate : " + (stratum ? stratum.nom : result.strate)]));
    output.appendChild(el("p", {}, ["Pourquoi :"]));
    output.appendChild(el("ul", { class: "assistant-raisons" }, result.raisons.map(function (r) {
      return el("li", {}, [r]);
    })));
    output.appendChild(el("h3", {}, ["Scénario INAMI : " + result.scenario.scenario]));
    output.appendChild(el("p", {}, ["Prestations remboursées dans cette période :"]));
    output.appendChild(el("ul", { class: "assistant-prestations" }, result.scenario.prestations.map(function (id) {
      return prestationItem(data, id, result.scenario.exceptions);
    })));
    output.appendChild(el("h3", {}, ["Fonctions à mobiliser et acteurs du territoire"]));
    var code = document.getElementById("code-postal").value.trim();
    result.propositions.forEach(function (group) {
      output.appendChild(el("h4", { "data-fonction": group.fonction }, [data.fonctions[group.fonction].nom]));
      if (group.items.length) {
        output.appendChild(el("ol", {}, localItems(data, group.items, code).map(function (item) {
          return actorItem(data, item);
        })));
      } else {
        output.appendChild(el("p", { class: "assistant-lacune" }, [
          "Aucun acteur n'est encore choisi pour cette fonction et cette strate sur ce territoire : voyez avec l'organe méso.",
        ]));
      }
    });
    output.appendChild(el("p", { class: "assistant-aide" }, [
      "Données : version " + data.version + ". Territoire : ",
      el("a", { href: data.territoire.page }, [data.territoire.nom]),
      ". Réévaluez la situation à chaque moment clé.",
    ]));
    var actions = el("p", { class: "balises-noprint" }, []);
    var back = el("button", { type: "button", class: "md-button" }, ["Modifier la situation"]);
    back.addEventListener("click", function () {
      form.querySelector("select, input").focus();
      form.scrollIntoView();
    });
    var again = el("button", { type: "button", class: "md-button" }, ["Recommencer"]);
    again.addEventListener("click", restart);
    var print = el("button", { type: "button", class: "md-button" }, ["Imprimer"]);
    print.addEventListener("click", function () {
      window.print();
    });
    [back, again, print].forEach(function (b) {
      actions.appendChild(b);
      actions.appendChild(document.createTextNode(" "));
    });
    output.appendChild(actions);
    output.hidden = false;
    return urgent || title;
  }

  function showError(message) {
    output.textContent = "";
    output.removeAttribute("data-strate");
    output.removeAttribute("data-scenario");
    output.appendChild(el("p", { class: "assistant-erreur", role: "alert" }, [message]));
    output.hidden = false;
  }

  // ---- the flow -----------------------------------------------------------------------------------------------

  function load(territory) {
    if (!cache[territory]) {
      cache[territory] = fetch("../data/" + encodeURIComponent(territory) + ".json").then(function (response) {
        if (!response.ok) throw new Error("territoire inconnu");
        return response.json();
      });
    }
    return cache[territory];
  }

  function show(s, focus) {
    if (!s.territoire) {
      showError("Choisissez d'abord le territoire (ou donnez le code postal).");
      form.elements.territoire.focus();
      return Promise.resolve();
    }
    return load(s.territoire).then(
      function (data) {
        var first = render(data, s, walk(data, s));
        var urgent = first.classList.contains("assistant-urgence");
        if (focus) (urgent ? first.firstChild : first).focus({ preventScroll: urgent });
        // a shared address with a child in danger opens on the numbers to call
        if (urgent) output.scrollIntoView({ block: "start" });
      },
      function () {
        delete cache[s.territoire];
        showError("Les données du territoire « " + s.territoire + " » sont introuvables.");
      }
    );
  }

  function restart() {
    form.reset();
    output.hidden = true;
    output.textContent = "";
    history.pushState(null, "", window.location.pathname);
    form.elements.territoire.focus();
  }

  function findPostcode() {
    var code = document.getElementById("code-postal").value.trim();
    var status = document.getElementById("code-postal-aide");
    if (!/^[1-9][0-9]{3}$/.test(code)) {
      status.textContent = "Donnez les 4 chiffres du code postal (ex. 7000).";
      return;
    }
    var found = Array.prototype.filter.call(form.elements.territoire.options, function (option) {
      return option.value && (" " + option.getAttribute("data-codes") + " ").indexOf(" " + code + " ") >= 0;
    });
    if (!found.length) {
      status.textContent = "Aucun territoire publié ne couvre le code postal " + code + ".";
      return;
    }
    form.elements.territoire.value = found[0].value;
    status.textContent =
      found.length === 1
        ? "Territoire : " + found[0].textContent + "."
        : "Ce code postal est partagé entre " + found.map(function (o) {
            return o.textContent;
          }).join(", ") + " : vérifiez la rue sur la page du territoire. Choisi : " + found[0].textContent + ".";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var s = situation(new FormData(form));
    history.pushState(null, "", window.location.pathname + toQuery(s));
    show(s, true);
  });
  document.getElementById("recommencer").addEventListener("click", restart);
  document.getElementById("chercher-code").addEventListener("click", findPostcode);
  document.getElementById("code-postal").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      findPostcode();
    }
  });
  window.addEventListener("popstate", function () {
    var s = situation(new URLSearchParams(window.location.search));
    fillForm(s);
    if (s.territoire) show(s, false);
    else output.hidden = true;
  });

  var initial = situation(new URLSearchParams(window.location.search));
  if (initial.territoire) {
    fillForm(initial);
    show(initial, false);
  }
})();
