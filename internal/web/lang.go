package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// Lang is a language the sites are written in.
type Lang string

// The languages, Thai first: it is the default.
const (
	Thai    Lang = "th"
	English Lang = "en"
)

// Langs lists every language the catalogue must cover.
var Langs = []Lang{Thai, English}

// DefaultLang is the language of a visitor who has not chosen and whose
// browser asks for neither.
const DefaultLang = Thai

// LangCookie remembers a visitor's choice of language.
const LangCookie = "gdx_lang"

const (
	ctxLang        = "gdx.web.lang"
	langCookieDays = 365
)

// ParseLang returns the language s names ("th", "en", "th-TH", "EN-gb").
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	for _, l := range Langs {
		if s == string(l) {
			return l, true
		}
	}
	return "", false
}

// Other returns the language that is not l.
func (l Lang) Other() Lang {
	if l == Thai {
		return English
	}
	return Thai
}

// ChooseLang picks the request's language: ?lang= first, then the
// remembered cookie, then the best of Accept-Language, then DefaultLang.
// The bool reports whether the choice came from ?lang=, which the
// middleware then remembers.
func ChooseLang(r *http.Request) (Lang, bool) {
	if l, ok := ParseLang(r.URL.Query().Get("lang")); ok {
		return l, true
	}
	if ck, err := r.Cookie(LangCookie); err == nil {
		if l, ok := ParseLang(ck.Value); ok {
			return l, false
		}
	}
	if l, ok := acceptLanguage(r.Header.Get("Accept-Language")); ok {
		return l, false
	}
	return DefaultLang, false
}

// acceptLanguage returns the language of highest q that we have
// (RFC 9110 §12.5.4); ties go to the first listed.
func acceptLanguage(h string) (Lang, bool) {
	var best Lang
	bestQ := 0.0
	for _, part := range strings.Split(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		l, ok := ParseLang(tag)
		if !ok {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best, bestQ > 0
}

// LangOf returns the language the middleware chose for the request.
func LangOf(c *gin.Context) Lang {
	if l, ok := c.Get(ctxLang); ok {
		return l.(Lang)
	}
	l, _ := ChooseLang(c.Request)
	return l
}

// withLang chooses the language once per request and remembers a
// ?lang= choice in a cookie.
func withLang() gin.HandlerFunc {
	return func(c *gin.Context) {
		l, explicit := ChooseLang(c.Request)
		c.Set(ctxLang, l)
		if explicit {
			rememberLang(c, l)
		}
		c.Next()
	}
}

func rememberLang(c *gin.Context, l Lang) {
	http.SetCookie(c.Writer, &http.Cookie{Name: LangCookie, Value: string(l), Path: "/",
		MaxAge: langCookieDays * 24 * 3600, HttpOnly: true, Secure: c.Request.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// handleLanguage is the language switch's form: it remembers the choice
// and goes back to the page the form was on.
func (s *Site) handleLanguage(c *gin.Context) {
	l, ok := ParseLang(c.PostForm("lang"))
	if !ok {
		s.BadRequest(c, "error", s.errorPage(c, "error.bad_request"))
		return
	}
	c.Set(ctxLang, l)
	rememberLang(c, l)
	s.SeeOther(c, c.PostForm("next"))
}

// LocalPath returns next when it is a path on this site, else "/": a
// redirect target taken from a form must never lead elsewhere.
func LocalPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}
