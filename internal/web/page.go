package web

import (
	"net/url"
	"time"

	"github.com/gin-gonic/gin"
)

// FieldErrors maps a form field's name to the message shown next to it,
// already in the page's language.
type FieldErrors map[string]string

// Page is what every template receives: the page's language and
// translations, its title, the CSRF token for its forms, the messages to
// show and the view's own data.
type Page struct {
	Lang Lang
	// Title is the page's own title (already translated); the layout adds
	// the site's name.
	Title string
	// Path is the page's path and query, where the language switch returns.
	Path string
	// CSRFToken is the value of the hidden csrf_token field of every form.
	CSRFToken string
	// Errors are the messages shown next to form fields; Error is one
	// shown above the form.
	Errors FieldErrors
	Error  string
	// Flash is a notice shown once at the top of the page (Site.SetFlash
	// sets it for the page after a redirect).
	Flash string
	// RequestID names the request on an error page.
	RequestID string
	// Data is the view's own data.
	Data any

	site *Site
}

// Page starts the page of the request c, titled by the message titleKey.
func (s *Site) Page(c *gin.Context, titleKey string, data any) *Page {
	l := LangOf(c)
	p := &Page{Lang: l, Path: withoutLang(c.Request.URL), CSRFToken: CSRFToken(c), Data: data, site: s}
	if titleKey != "" {
		p.Title = s.msgs.T(l, titleKey)
	}
	p.Flash = s.takeFlash(c)
	return p
}

// withoutLang is the request's path and query less any ?lang=, which
// would otherwise undo the switch the page offers.
func withoutLang(u *url.URL) string {
	q := u.Query()
	if !q.Has("lang") {
		return u.RequestURI()
	}
	q.Del("lang")
	v := *u
	v.RawQuery = q.Encode()
	return v.RequestURI()
}

// T translates key into the page's language.
func (p *Page) T(key string, args ...any) string { return p.site.msgs.T(p.Lang, key, args...) }

// SiteName is the site's name in the page's language.
func (p *Page) SiteName() string { return p.site.msgs.T(p.Lang, p.site.nameKey) }

// Day writes a calendar day in the page's language (FormatDay).
func (p *Page) Day(t time.Time) string { return FormatDay(p.Lang, t) }

// Date writes the Thai-time day of an instant (FormatDate).
func (p *Page) Date(t time.Time) string { return FormatDate(p.Lang, t) }

// DateTime writes an instant to the minute in Thai time (FormatDateTime).
func (p *Page) DateTime(t time.Time) string { return FormatDateTime(p.Lang, t) }

// Month writes a "YYYY-MM" month key (FormatMonth).
func (p *Page) Month(m string) string { return FormatMonth(p.Lang, m) }

// Number writes n with thousands separators.
func (p *Page) Number(n int64) string { return FormatNumber(n) }

// Other is the language the switch offers.
func (p *Page) Other() Lang { return p.Lang.Other() }

// LangName names a language in itself, for the switch.
func (p *Page) LangName(l Lang) string { return p.site.msgs.T(l, "lang.name") }

// LangURL is the page's address in language l, for links that must carry
// the choice (a QR code, a shared link).
func (p *Page) LangURL(l Lang) string {
	u, err := url.Parse(p.Path)
	if err != nil {
		return "/?lang=" + string(l)
	}
	q := u.Query()
	q.Set("lang", string(l))
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// Asset is the address of a static asset, versioned so that a new build
// is fetched at once.
func (p *Page) Asset(name string) string { return StaticPrefix + name + "?v=" + p.site.assetVer }

// FieldError is the message for the form field name, or "".
func (p *Page) FieldError(name string) string { return p.Errors[name] }

// HasErrors reports whether the form has any message to show.
func (p *Page) HasErrors() bool { return len(p.Errors) > 0 || p.Error != "" }
