package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// FlashCookie carries a notice across the redirect that follows a form
// (post, redirect, get), for the page after it to show once.
const FlashCookie = "gdx_flash"

// maxFlash bounds a notice, so the cookie stays small.
const maxFlash = 600

// SetFlash makes the next page the visitor opens show msg (already
// translated) at its top. The cookie is signed, so no other site can
// plant a notice on ours.
func (s *Site) SetFlash(c *gin.Context, msg string) {
	if len(msg) > maxFlash {
		msg = msg[:maxFlash]
	}
	v := base64.RawURLEncoding.EncodeToString([]byte(msg))
	http.SetCookie(c.Writer, &http.Cookie{Name: FlashCookie, Value: v + "." + s.flashMAC(v), Path: "/", MaxAge: 300,
		HttpOnly: true, Secure: c.Request.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the request's notice, if its signature holds, and
// clears the cookie.
func (s *Site) takeFlash(c *gin.Context) string {
	ck, err := c.Request.Cookie(FlashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: FlashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: c.Request.TLS != nil, SameSite: http.SameSiteLaxMode})
	v, mac, ok := strings.Cut(ck.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.flashMAC(v))) {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func (s *Site) flashMAC(v string) string {
	m := hmac.New(sha256.New, s.csrf.key)
	m.Write([]byte("flash\x00"))
	m.Write([]byte(v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
