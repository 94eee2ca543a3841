package ckan

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/ckan/ckanreq"
)

// Config configures the Action API.
type Config struct {
	// SiteURL is the public base URL of the web listener, as clients
	// reach it (CKAN's ckan.site_url); help links are built from it.
	SiteURL string
	// SiteTitle, SiteDescription, LocaleDefault and ErrorEmailsTo are
	// reported by status_show.
	SiteTitle       string
	SiteDescription string
	LocaleDefault   string
	ErrorEmailsTo   string
	// CKANVersion is the CKAN version status_show reports; clients and
	// harvesters pick API behaviour by it.
	CKANVersion string
	// Extensions are the plugin names status_show reports.
	Extensions []string
	// PollInterval is how often Run checks the store for changes; at
	// most 2 s, so that a change is searchable everywhere within 5 s.
	PollInterval time.Duration
}

// Defaults for the zero Config fields.
const (
	DefaultCKANVersion  = "2.10.5"
	DefaultPollInterval = time.Second
	maxPollInterval     = 2 * time.Second
)

// DefaultExtensions is what a Thai GD-Catalog portal reports and gdx's
// package dicts follow: ckanext-scheming's dataset schema as
// ckanext-thai_gdc defines it.
var DefaultExtensions = []string{"scheming_datasets", "thai_gdc"}

// Validate checks the configuration, one clear message per problem.
func (c Config) Validate() error {
	var errs []error
	if u, err := url.Parse(c.SiteURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, errors.New("ckan: SiteURL must be an absolute http(s) URL"))
	}
	if c.PollInterval < 0 || c.PollInterval > maxPollInterval {
		errs = append(errs, errors.New("ckan: PollInterval must be between 0 (default 1s) and 2s"))
	}
	return errors.Join(errs...)
}

// Deps are the Action API's dependencies.
type Deps struct {
	// Packages reads the materialised packages (opendata/sqlstore).
	Packages opendata.PackageReader
	// Log receives 5xx causes and refresh failures; nil discards.
	Log *slog.Logger
	// Now is the clock for NOW in date math; nil means time.Now.
	Now func() time.Time
}

// Handler serves the Action API. It is safe for concurrent use.
type Handler struct {
	cfg     Config
	log     *slog.Logger
	now     func() time.Time
	snaps   *opendata.Snapshots[*snapshot]
	actions map[string]action
}

// action is one Action API function: it reads the request's data dict
// and returns the result or an error for httpapi.WriteCKANError.
type action func(ctx context.Context, s *snapshot, p params) (any, error)

// New returns the Action API handler.
func New(cfg Config, deps Deps) (*Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Packages == nil {
		return nil, errors.New("ckan: Deps.Packages is required")
	}
	cfg.SiteURL = strings.TrimRight(cfg.SiteURL, "/")
	if cfg.CKANVersion == "" {
		cfg.CKANVersion = DefaultCKANVersion
	}
	if cfg.Extensions == nil {
		cfg.Extensions = DefaultExtensions
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	h := &Handler{cfg: cfg, snaps: opendata.NewSnapshots(deps.Packages, buildSnapshot), log: deps.Log, now: deps.Now}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.actions = h.actionTable()
	return h, nil
}

// Register adds the Action API routes to r: GET and POST of
// /api/3/action/:action and /api/action/:action.
func (h *Handler) Register(r gin.IRouter) {
	for _, path := range []string{"/api/3/action/:action", "/api/action/:action"} {
		r.GET(path, h.handleAction)
		r.POST(path, h.handleAction)
	}
}

// handleAction is CKAN's api.action view: unknown action, then request
// data, then the action itself.
func (h *Handler) handleAction(c *gin.Context) {
	name := c.Param("action")
	fn, ok := h.actions[name]
	if !ok {
		httpapi.WriteCKANBadRequest(c, "Action name not known: "+name)
		return
	}
	help := h.cfg.SiteURL + "/api/3/action/help_show?name=" + url.QueryEscape(name)
	data, err := ckanreq.Read(c.Request)
	if err != nil {
		httpapi.WriteCKANBadRequest(c, "JSON Error: "+err.Error())
		return
	}
	p := params(data)
	delete(p, "callback")
	s, err := h.current(c.Request.Context())
	if err != nil {
		httpapi.WriteCKANError(c, h.log, help, err)
		return
	}
	result, err := fn(c.Request.Context(), s, p)
	if err != nil {
		httpapi.WriteCKANError(c, h.log, help, err)
		return
	}
	httpapi.WriteCKAN(c, help, result)
}

func (h *Handler) actionTable() map[string]action {
	return map[string]action{
		"package_list":                        h.packageList,
		"package_show":                        h.packageShow,
		"package_search":                      h.packageSearch,
		"current_package_list_with_resources": h.currentPackageList,
		"resource_show":                       h.resourceShow,
		"organization_list":                   h.organizationList,
		"organization_show":                   h.organizationShow,
		"group_list":                          h.groupList,
		"group_show":                          h.groupShow,
		"group_package_show":                  h.groupPackageShow,
		"tag_list":                            h.tagList,
		"tag_show":                            h.tagShow,
		"license_list":                        h.licenseList,
		"status_show":                         h.statusShow,
		"site_read":                           h.siteRead,
		"help_show":                           h.helpShow,
	}
}

// notFound is CKAN's bare NotFound: "Not found".
func notFound() error { return catalog.Errorf(catalog.KindNotFound, "") }
