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
// A site uses it like this:
//
//	site, err := web.New(web.Config{Templates: tplFS, Messages: msgFS,
//		SiteNameKey: "site.name", CSRFKey: key, Log: log})
//	g := engine.Group("", site.Middleware()...) // headers, language, CSRF
//	site.Register(g)                            // /static/…, POST /language
//	g.GET("/things", func(c *gin.Context) {
//		site.OK(c, "things", site.Page(c, "things.title", data))
//	})
//
// Templates: each views/NAME.html defines "content" and renders inside
// web's "layout"; a site's common/*.html may define "nav" and "footer".
// Every template receives a *Page: translate with {{.T "key" args}} (inside
// range, {{$.T …}}), format with .Day, .DateTime, .Month and .Number, put
// {{template "csrf" .}} in every form, and show a field's message with
// .FieldError "name". The "pagination" block reads .Data.Pager (a Pager).
//
// NOTE: web is a leaf: it imports gin and the standard library, and
// nothing of gdx. It reads the request id that internal/httpapi's
// middleware writes in the X-Request-ID response header rather than
// importing it.
package web
