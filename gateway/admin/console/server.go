package console

import (
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"time"

	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/web"
)

//go:embed templates
var templateFiles embed.FS

//go:embed messages/*.json
var messageFiles embed.FS

// Prefix is where the console is mounted; every page and asset is under
// it, and so is the session cookie.
const Prefix = "/console"

// Config tunes the console.
type Config struct {
	// CSRFKey signs form tokens and flash notices; replicas must share it
	// (web.Config). Empty makes a random key, which suits one process.
	CSRFKey []byte
	// Log receives the causes of server errors.
	Log *slog.Logger
	// Now is the clock for default filter ranges (time.Now when nil).
	Now func() time.Time
}

// Server serves the console's pages over an admin.Service.
type Server struct {
	svc  *admin.Service
	site *web.Site
	log  *slog.Logger
	now  func() time.Time
}

// New returns the console; it parses every template once. Errors: a
// missing service, or a broken embedded template or message file.
func New(svc *admin.Service, cfg Config) (*Server, error) {
	if svc == nil {
		return nil, errors.New("console: an admin.Service is required")
	}
	s := &Server{svc: svc, log: cfg.Log, now: cfg.Now}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	tpl, _ := fs.Sub(templateFiles, "templates")
	site, err := web.New(web.Config{Templates: tpl, Messages: messageFiles, SiteNameKey: "console.name",
		CSRFKey: cfg.CSRFKey, CSRFBind: csrfBind, Log: s.log})
	if err != nil {
		return nil, err
	}
	s.site = site
	return s, nil
}

// Site returns the web site the pages render through (for tests of its
// catalogue and views).
func (s *Server) Site() *web.Site { return s.site }
