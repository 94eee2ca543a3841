package datastore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/ckan/ckanreq"
)

// Config configures the DataStore API.
type Config struct {
	// SiteURL is the public base URL of the web listener (CKAN's
	// ckan.site_url); help links are built from it.
	SiteURL string
}

// Deps are the DataStore API's dependencies.
type Deps struct {
	// DB holds the tables the Resolver describes.
	DB *sqldb.DB
	// Tables finds a resource's table.
	Tables Resolver
	// Log receives 5xx causes; nil discards.
	Log *slog.Logger
}

// Handler serves datastore_search and datastore_info. It is safe for
// concurrent use.
type Handler struct {
	site   string
	db     *sqldb.DB
	tables Resolver
	log    *slog.Logger
}

// New returns the DataStore API handler.
func New(cfg Config, deps Deps) (*Handler, error) {
	u, err := url.Parse(cfg.SiteURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("datastore: SiteURL must be an absolute http(s) URL")
	}
	if deps.DB == nil || deps.Tables == nil {
		return nil, errors.New("datastore: Deps.DB and Deps.Tables are required")
	}
	h := &Handler{site: strings.TrimRight(cfg.SiteURL, "/"), db: deps.DB, tables: deps.Tables, log: deps.Log}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	return h, nil
}

// Register adds GET and POST of datastore_search and datastore_info
// under /api/3/action/ and /api/action/. The paths are static, so gin
// routes them ahead of opendata/ckan's /api/3/action/:action on the same
// router; mount both.
func (h *Handler) Register(r gin.IRouter) {
	for _, base := range []string{"/api/3/action/", "/api/action/"} {
		for name, fn := range map[string]actionFunc{"datastore_search": h.search, "datastore_info": h.info} {
			serve := h.serve(name, fn)
			r.GET(base+name, serve)
			r.POST(base+name, serve)
		}
	}
}

// actionFunc is one action: the data dict and the request's URL in, the
// result out.
type actionFunc func(ctx context.Context, p params, u *url.URL) (any, error)

func (h *Handler) serve(name string, fn actionFunc) gin.HandlerFunc {
	help := h.site + "/api/3/action/help_show?name=" + name
	return func(c *gin.Context) {
		data, err := ckanreq.Read(c.Request)
		if err != nil {
			httpapi.WriteCKANBadRequest(c, "JSON Error: "+err.Error())
			return
		}
		p := params(data)
		delete(p, "callback")
		result, err := fn(c.Request.Context(), p, c.Request.URL)
		if err != nil {
			httpapi.WriteCKANError(c, h.log, help, err)
			return
		}
		httpapi.WriteCKAN(c, help, result)
	}
}

// search is datastore_search.
func (h *Handler) search(ctx context.Context, p params, u *url.URL) (any, error) {
	s, err := parseSearch(p)
	if err != nil {
		return nil, err
	}
	t, err := h.table(ctx, s.resourceID, `Resource "%s" was not found.`)
	if err != nil {
		return nil, err
	}
	pl, err := s.bind(t)
	if err != nil {
		return nil, err
	}
	rows, err := pl.rows(ctx, h.db)
	if err != nil {
		return nil, err
	}
	out := echoed(s.echo)
	out = append(out, member{"records", records(s.recordsFormat, pl.cols, rows)})
	out = setField(out, fieldDicts(pl.cols))
	out = append(out, member{"_links", links(escapedPath(u), u.RawQuery, s.limit, s.offset)})
	if s.includeTotal {
		n, err := pl.total(ctx, h.db)
		if err != nil {
			return nil, err
		}
		out = append(out, member{"total", n}, member{"total_was_estimated", false})
	}
	return out, nil
}

// table resolves a resource id, not found in CKAN's words otherwise.
func (h *Handler) table(ctx context.Context, id, notFound string) (Table, error) {
	t, ok, err := h.tables.Table(ctx, id)
	if err != nil {
		return Table{}, fmt.Errorf("datastore: resolve resource %s: %w", id, err)
	}
	if !ok {
		return Table{}, catalog.Errorf(catalog.KindNotFound, notFound, id)
	}
	return t, nil
}

// echoed returns the validated parameters in the order CKAN's answer has
// them (its validated data dict's keys, sorted).
func echoed(echo map[string]any) object {
	out := make(object, 0, len(echo)+5)
	for _, k := range sortedKeys(echo) {
		out = append(out, member{k, echo[k]})
	}
	return out
}

// setField replaces the echoed fields parameter with the result fields,
// in its place, as CKAN overwrites data_dict['fields'].
func setField(o object, fields []object) object {
	for i, m := range o {
		if m.Key == "fields" {
			o[i].Value = fields
			return o
		}
	}
	return append(o, member{"fields", fields})
}

// escapedPath is the request path as CKAN_CURRENT_URL holds it.
func escapedPath(u *url.URL) string {
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
