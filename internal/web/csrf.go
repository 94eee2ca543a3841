package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"

	"github.com/gin-gonic/gin"
)

// CSRF names: the cookie holding the browser's nonce, the form field and
// the header (for the script's requests) carrying the token.
const (
	CSRFCookie = "gdx_csrf"
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

const (
	ctxCSRF    = "gdx.web.csrf"
	nonceBytes = 32
)

// csrf implements signed double-submit tokens: the browser keeps a random
// nonce in an HttpOnly cookie, and every form carries HMAC(key, nonce). A cross-site page can neither read the cookie nor
// compute the token, and one that manages to plant a cookie (from a
// sibling domain) still cannot sign it. Sessions, where a site has them,
// bind the token further through Bind.
type csrf struct {
	key []byte
	// NOTE: the cookie is SameSite=Lax, not Strict: a Strict cookie is not
	// sent when a visitor arrives from another site (a scanned QR code), so
	// a new nonce would be issued and every form open in other tabs would
	// go stale. The token, not SameSite, is what refuses a forged post.
	// bind returns a value tying the token to the visitor's session, or ""
	// (the console passes its session id).
	bind func(c *gin.Context) string
}

// token returns the form token for the request's nonce.
func (x *csrf) token(c *gin.Context, nonce string) string {
	m := hmac.New(sha256.New, x.key)
	m.Write([]byte(nonce))
	m.Write([]byte{0})
	if x.bind != nil {
		m.Write([]byte(x.bind(c)))
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// middleware gives every visitor a nonce and refuses an unsafe request
// (anything but GET, HEAD, OPTIONS) whose token is missing or does not
// match, with the CSRF page.
func (x *csrf) middleware(s *Site) gin.HandlerFunc {
	return func(c *gin.Context) {
		nonce := ""
		if ck, err := c.Request.Cookie(CSRFCookie); err == nil && len(ck.Value) >= nonceBytes {
			nonce = ck.Value
		}
		if !safeMethod(c.Request.Method) && !x.valid(c, nonce) {
			s.render(c, http.StatusForbidden, "error", s.errorPage(c, "error.csrf"))
			c.Abort()
			return
		}
		if nonce == "" {
			nonce = newNonce()
			http.SetCookie(c.Writer, &http.Cookie{Name: CSRFCookie, Value: nonce, Path: "/", HttpOnly: true,
				Secure: c.Request.TLS != nil, SameSite: http.SameSiteLaxMode})
		}
		c.Set(ctxCSRF, x.token(c, nonce))
		c.Next()
	}
}

// valid compares the submitted token with the expected one in constant
// time.
func (x *csrf) valid(c *gin.Context, nonce string) bool {
	if nonce == "" {
		return false
	}
	got := c.GetHeader(CSRFHeader)
	if got == "" {
		got = c.PostForm(CSRFField)
	}
	want := x.token(c, nonce)
	return got != "" && hmac.Equal([]byte(got), []byte(want))
}

// CSRFToken returns the token a form on this page must carry.
func CSRFToken(c *gin.Context) string { return c.GetString(ctxCSRF) }

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func newNonce() string {
	b := make([]byte, nonceBytes)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
