package web

import (
	"crypto/rand"
	"errors"
	"io/fs"
	"log/slog"

	"github.com/gin-gonic/gin"
)

// Config is what a site built on web gives it.
type Config struct {
	// Templates holds the site's templates: common/*.html (shared blocks
	// such as "nav" and "footer", overriding web's defaults) and
	// views/*.html (one page each, defining "content").
	Templates fs.FS
	// Messages holds the site's catalogue: th.json and en.json, at its
	// root or under messages/.
	Messages fs.FS
	// SiteNameKey is the message key of the site's name, shown in the
	// header and every title.
	SiteNameKey string
	// CSRFKey signs the CSRF tokens. Replicas behind one load balancer
	// must share it; when empty a random key is made, which suits one
	// process.
	CSRFKey []byte
	// CSRFBind, when set, ties tokens to the visitor's session.
	CSRFBind func(c *gin.Context) string
	// Log receives the causes of server errors.
	Log *slog.Logger
}

// Site renders the pages of one web site.
type Site struct {
	tpl      *templates
	msgs     *Catalogue
	csrf     *csrf
	log      *slog.Logger
	nameKey  string
	assetVer string
}

// New parses the templates and the catalogue once; an error here is a
// programming error in the site's embedded files.
func New(cfg Config) (*Site, error) {
	if cfg.Templates == nil || cfg.Messages == nil {
		return nil, errors.New("web: Config needs Templates and Messages")
	}
	msgs, err := NewCatalogue(cfg.Messages)
	if err != nil {
		return nil, err
	}
	tpl, err := parseTemplates(cfg.Templates)
	if err != nil {
		return nil, err
	}
	key := cfg.CSRFKey
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key)
	}
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	return &Site{tpl: tpl, msgs: msgs, csrf: &csrf{key: key, bind: cfg.CSRFBind}, log: log,
		nameKey: cfg.SiteNameKey, assetVer: assetVersion()}, nil
}

// Catalogue returns the site's messages.
func (s *Site) Catalogue() *Catalogue { return s.msgs }

// T returns the message key in lang.
func (s *Site) T(lang Lang, key string, args ...any) string { return s.msgs.T(lang, key, args...) }

// Middleware returns the chain every page of the site runs behind, in
// order: security headers, the language, CSRF.
func (s *Site) Middleware() []gin.HandlerFunc {
	return []gin.HandlerFunc{SecurityHeaders(), withLang(), s.csrf.middleware(s)}
}

// Register adds web's own routes: the static assets and the language
// switch's form (POST /language).
func (s *Site) Register(r gin.IRouter) {
	r.GET(StaticPrefix+"*file", serveStatic)
	r.HEAD(StaticPrefix+"*file", serveStatic)
	r.POST("/language", s.handleLanguage)
}
