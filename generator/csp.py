"""The site's Content-Security-Policy, defined once: written into every page (`<meta http-equiv>`, for hosts that
cannot send headers, such as GitHub and GitLab Pages), sent by the live preview, and copied into the nginx
recipe (`docs/publier/nginx.conf`, checked by a test).

The site runs no inline script and no inline style: Material's inline bootstrap scripts are replaced by files
(`theme/partials/javascripts/`, `static/balises-*.js`). What each source allows, and why:
- scripts from the site only; `'wasm-unsafe-eval'` because Pagefind's search runs as WebAssembly;
- styles from the site only (no `'unsafe-inline'`: the inline SVG logigrams use presentation attributes only);
- images from the site, and `data:` for the icons Material's stylesheet embeds;
- requests (Pagefind's index, the assistant's data) to the site only; no plugin, no frame, no other host.
"""

from __future__ import annotations

from html import escape

DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("manifest-src", "'self'"),
    ("base-uri", "'none'"),
    ("form-action", "'self'"),
    ("object-src", "'none'"),
)
# Allowed only in a header: browsers ignore these in a <meta> policy (and report it as an error).
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)

META_PARTIAL = "overrides/partials/balises-csp.html"  # included by theme/main.html in every page's <head>


def _joined(directives: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{name} {sources}" for name, sources in directives)


def header_policy() -> str:
    """The policy as an HTTP header value (nginx, the live preview)."""
    return _joined(DIRECTIVES + HEADER_ONLY)


def meta_policy() -> str:
    """The same policy without what a <meta> element may not carry."""
    return _joined(DIRECTIVES)


def meta_tag() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{escape(meta_policy(), quote=False)}">\n'
