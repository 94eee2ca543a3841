// Package web is the foundation every gdx web page stands on: the public
// portal (opendata/portal), the steward console (gateway/admin) and the
// citizen view (gateway/citizen). It holds what those sites share and
// nothing of what they show:
//
//   - an html/template engine that parses its own common templates and a
//     site's embedded templates once, at start (layout with header,
//     language switch and footer; pagination; messages next to fields);
//   - a message catalogue per language (Thai and English, one JSON file
//     each) with T(lang, key, args...), and the choice of language from
//     ?lang=, then a remembered cookie, then Accept-Language;
//   - Thai dates with the Buddhist year and Thai month names;
//   - middleware for the security headers (a strict Content-Security-Policy
//     with no inline script, nosniff, Referrer-Policy, HSTS under TLS) and
//     for CSRF tokens on every form;
//   - response helpers (OK, BadRequest, NotFound, Forbidden, ServerError) so
//     that no handler writes a status or an error page by hand; a 5xx shows
//     only a request id and logs its cause;
//   - the embedded static assets (one CSS file, one small script used only
//     for progressive enhancement);
//   - a server-side SVG chart renderer (bar and line charts) whose output
//     is readable without JavaScript.
//
// NOTE: web is a leaf: it imports gin and the standard library, and
// nothing of gdx. It reads the request id that internal/httpapi's
// middleware writes in the X-Request-ID response header rather than
// importing it.
package web
