package portal

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gdx-exchange/gdx/internal/web"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/stats"
)

//go:embed templates
var templateFiles embed.FS

//go:embed messages/*.json
var messageFiles embed.FS

// Config holds the addresses the pages show.
type Config struct {
	// SiteURL is the public web listener's base URL (the portal, the CKAN
	// API); QR codes point under it.
	SiteURL string
	// APIURL is the agency API's base URL, for the API page's examples.
	APIURL string
	// OpenAPIURL, when set, is linked from the API page.
	OpenAPIURL string
	// CSRFKey signs form tokens; replicas must share it (web.Config).
	CSRFKey []byte
	// Refresh is how long a search index is trusted before the store's
	// change marker is read again; 0 reads it on every request.
	Refresh time.Duration
}

// Deps are the portal's dependencies. Packages is required; a nil
// Previews, Stats or Licences leaves its part of the portal saying that
// it is not available.
type Deps struct {
	Packages opendata.PackageReader
	Previews Previewer
	Stats    stats.Reader
	Licences Licences
	Log      *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Previewer reads the first rows of a tabular resource, for the preview
// table on a dataset page; the DataStore backs it.
type Previewer interface {
	// Preview returns the column names and up to n rows of the resource,
	// each value as text. Errors: not found (the resource has no table:
	// the page shows no preview), unavailable, internal.
	Preview(ctx context.Context, resourceID string, n int) (columns []string, rows [][]string, err error)
}

// Server serves the portal's pages.
type Server struct {
	cfg      Config
	site     *web.Site
	previews Previewer
	stats    stats.Reader
	licences Licences
	log      *slog.Logger
	now      func() time.Time

	snaps   *opendata.Snapshots[*snapshot]
	mu      sync.Mutex // guards checked
	checked time.Time  // when the change marker was last read
}

// New returns the portal's server; it parses every template once.
func New(cfg Config, deps Deps) (*Server, error) {
	if deps.Packages == nil {
		return nil, errors.New("portal: Deps.Packages is required")
	}
	cfg.SiteURL, cfg.APIURL = strings.TrimRight(cfg.SiteURL, "/"), strings.TrimRight(cfg.APIURL, "/")
	s := &Server{cfg: cfg, previews: deps.Previews, stats: deps.Stats,
		licences: deps.Licences, log: deps.Log, now: deps.Now,
		snaps: opendata.NewSnapshots(deps.Packages, buildSnapshot)}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	tpl, _ := fs.Sub(templateFiles, "templates")
	site, err := web.New(web.Config{Templates: tpl, Messages: messageFiles, SiteNameKey: "site.name",
		CSRFKey: cfg.CSRFKey, Log: s.log})
	if err != nil {
		return nil, err
	}
	s.site = site
	return s, nil
}

// Site returns the web site the pages render through.
func (s *Server) Site() *web.Site { return s.site }
