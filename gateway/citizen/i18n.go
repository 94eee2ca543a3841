package citizen

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// The languages of the pages.
const (
	langTH = "th"
	langEN = "en"
)

// cookieLang remembers the citizen's choice of language.
const cookieLang = "gdx_lang"

//go:embed messages/*.json
var messageFiles embed.FS

// messages is the catalogue per language: message key → text.
var messages = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range []string{langTH, langEN} {
		b, err := messageFiles.ReadFile("messages/" + lang + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("citizen: messages/%s.json: %v", lang, err))
		}
		out[lang] = m
	}
	return out
}()

// translate returns the text of key in lang; a missing key shows as
// itself, which the catalogue test catches.
func translate(lang, key string) string {
	if v, ok := messages[lang][key]; ok {
		return v
	}
	return key
}

// lang picks the page's language: ?lang= (remembered in a cookie), else
// the cookie, else the browser's first choice of Thai or English, else
// Thai.
func (s *Server) lang(c *gin.Context) string {
	if l := c.Query("lang"); l == langTH || l == langEN {
		http.SetCookie(c.Writer, &http.Cookie{Name: cookieLang, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.cfg.secure(), SameSite: http.SameSiteLaxMode})
		return l
	}
	if l, err := c.Cookie(cookieLang); err == nil && (l == langTH || l == langEN) {
		return l
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "th"):
			return langTH
		case strings.HasPrefix(tag, "en"):
			return langEN
		}
	}
	return langTH
}

// thailand is Indochina Time; Thailand keeps no daylight saving.
var thailand = time.FixedZone("ICT", 7*3600)

var thaiMonths = []string{"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."}

// formatTime shows t in lang: Thai with the Buddhist year (1 ธ.ค. 2569
// 16:37), English as 1 Dec 2026 16:37.
func formatTime(lang string, t time.Time) string {
	if lang == langEN {
		return t.Format("2 Jan 2006 15:04")
	}
	return fmt.Sprintf("%d %s %d %s", t.Day(), thaiMonths[t.Month()-1], t.Year()+543, t.Format("15:04"))
}
