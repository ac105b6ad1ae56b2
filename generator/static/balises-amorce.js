// Material for MkDocs' bootstrap (MIT, squidfunk; templates/partials/javascripts/base.html of Material 9.8),
// shipped as a file so that the site needs no inline script. The scope comes from the tag's data-md-scope.
/* eslint-disable no-undef */
(window.__md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location)),
  (window.__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0)),
  (window.__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e))),
  (window.__md_set = (e, _, t = localStorage, a = __md_scope) => {
    try {
      t.setItem(a.pathname + "." + e, JSON.stringify(_));
    } catch (e) {}
  });
