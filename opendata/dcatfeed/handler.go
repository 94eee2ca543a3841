package dcatfeed

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

// Handler serves the DCAT feed. It is safe for concurrent use.
type Handler struct {
	cfg   Config
	site  site
	log   *slog.Logger
	snaps *opendata.Snapshots[*snapshot]
}

// New returns the DCAT feed handler.
func New(cfg Config, deps Deps) (*Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Packages == nil {
		return nil, errors.New("dcatfeed: Deps.Packages is required")
	}
	cfg = cfg.withDefaults()
	h := &Handler{cfg: cfg, log: deps.Log}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.site = site{base: cfg.SiteURL,
		publisher: dcat.Agent{IRI: cfg.SiteURL + "/#publisher", Name: cfg.PublisherName, Type: dcat.PublisherNational}}
	h.snaps = opendata.NewSnapshots(deps.Packages, func(m opendata.Marker, pkgs []opendata.Package) (*snapshot, error) {
		return buildSnapshot(h.site, m, pkgs), nil
	})
	return h, nil
}

// Register adds the feed's routes to r: GET and HEAD of /catalog,
// /catalog.{ttl,rdf,jsonld} and /dataset/{name}.{ttl,rdf,jsonld}.
//
// A listener whose portal owns /dataset/:name registers the catalog only
// (RegisterCatalog) and hands the RDF files to ServeDataset.
func (h *Handler) Register(r gin.IRouter) {
	h.RegisterCatalog(r)
	dataset := httpapi.Handler(h.log, func(c *gin.Context) error {
		if !h.ServeDataset(c, c.Param("name")) {
			return catalog.Errorf(catalog.KindNotFound, "no such DCAT description: the address is /dataset/{name}.{ttl|rdf|jsonld}")
		}
		return nil
	})
	r.GET("/dataset/:name", dataset)
	r.HEAD("/dataset/:name", dataset)
}

// RegisterCatalog adds the catalog routes only.
func (h *Handler) RegisterCatalog(r gin.IRouter) {
	for _, s := range []dcat.Syntax{dcat.Turtle, dcat.RDFXML, dcat.JSONLD} {
		serve := httpapi.Handler(h.log, func(c *gin.Context) error { return h.serveCatalog(c, s, false) })
		r.GET("/catalog."+string(s), serve)
		r.HEAD("/catalog."+string(s), serve)
	}
	negotiated := httpapi.Handler(h.log, func(c *gin.Context) error {
		return h.serveCatalog(c, dcat.Negotiate(c.GetHeader("Accept")), true)
	})
	r.GET("/catalog", negotiated)
	r.HEAD("/catalog", negotiated)
}

// ServeDataset answers a request for file, "{name}.{ttl|rdf|jsonld}",
// and reports whether file had that form; when it did not, it wrote
// nothing. An unknown, deleted or private package is a 404.
func (h *Handler) ServeDataset(c *gin.Context, file string) bool {
	i := strings.LastIndexByte(file, '.')
	if i <= 0 {
		return false
	}
	s, err := dcat.ParseSyntax(file[i+1:])
	if err != nil {
		return false
	}
	if err := h.serveDataset(c, file[:i], s); err != nil {
		httpapi.WriteProblem(c, h.log, err)
	}
	return true
}

// serveCatalog answers one page of the catalog.
func (h *Handler) serveCatalog(c *gin.Context, s dcat.Syntax, negotiated bool) error {
	if negotiated {
		c.Header("Vary", "Accept")
	}
	q, err := parseQuery(c.Request.URL.Query())
	if err != nil {
		return err
	}
	snap, err := h.current(c.Request.Context())
	if err != nil {
		return err
	}
	matches := snap.since(q.since)
	size := h.cfg.PageSize
	if last := lastPage(len(matches), size); q.page > last {
		return catalog.Errorf(catalog.KindNotFound, "page %d does not exist: the catalog has %d page(s) of %d datasets", q.page, last, size)
	}
	tag := etag("catalog", snap.marker, s, c.Request.URL.Path+"?"+c.Request.URL.Query().Encode())
	if notModified(c, tag, snap.marker.Modified.Time) {
		return nil
	}
	from := (q.page - 1) * size
	page := matches[from:min(from+size, len(matches))]
	cat := h.catalogOf(snap, page)
	cat.Page = pageOf(h.cfg.SiteURL+c.Request.URL.Path, q, len(matches), size)
	return render(c, s, func(w *strings.Builder) error { return dcat.WriteCatalog(w, s, cat) })
}

func (h *Handler) catalogOf(snap *snapshot, page []item) dcat.Catalog {
	cat := dcat.Catalog{
		IRI: h.cfg.SiteURL + "/catalog", Title: h.cfg.Title, Description: h.cfg.Description,
		Publisher: h.site.publisher, Homepage: h.cfg.SiteURL + "/",
		Languages: []string{dcat.LanguageTH, dcat.LanguageEN}, Modified: snap.marker.Modified.Time,
	}
	for _, it := range page {
		cat.Datasets = append(cat.Datasets, it.dataset)
	}
	return cat
}

// serveDataset answers the description of one package.
func (h *Handler) serveDataset(c *gin.Context, name string, s dcat.Syntax) error {
	snap, err := h.current(c.Request.Context())
	if err != nil {
		return err
	}
	it, ok := snap.byName[name]
	if !ok {
		return catalog.Errorf(catalog.KindNotFound, "no dataset named %q", name)
	}
	tag := etag("dataset", opendata.Marker{Count: 1, Modified: opendata.At(it.modified)}, s, it.dataset.Identifier)
	if notModified(c, tag, it.modified) {
		return nil
	}
	return render(c, s, func(w *strings.Builder) error { return dcat.WriteDataset(w, s, it.dataset) })
}
