package verify

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// Path is the route the handler serves; {number} may hold slashes
// ("12/2567"), escaped or not.
const Path = "/api/licences/:issuer/*number"

// maxPath bounds the request path, in bytes, before anything is parsed.
const maxPath = 256

// AgencyFinder names issuing agencies; catalog.Store is one.
type AgencyFinder interface {
	FindAgency(ctx context.Context, code string) (catalog.Agency, error)
}

// Handler serves the public licence check.
type Handler struct {
	licences licence.Finder
	agencies AgencyFinder
	log      *slog.Logger
	now      func() time.Time
}

// Option configures a Handler.
type Option func(*Handler)

// WithAgencies names the issuer in answers from the catalog.
func WithAgencies(a AgencyFinder) Option { return func(h *Handler) { h.agencies = a } }

// WithClock sets the clock that decides the status now (for tests).
func WithClock(now func() time.Time) Option { return func(h *Handler) { h.now = now } }

// New returns a handler reading licences from f and logging server
// errors to log.
func New(f licence.Finder, log *slog.Logger, opts ...Option) *Handler {
	h := &Handler{licences: f, log: log, now: time.Now}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Register adds the licence check to r.
func (h *Handler) Register(r gin.IRouter) {
	r.GET(Path, httpapi.Handler(h.log, h.handleCheck))
}

// handleCheck answers GET /api/licences/{issuer}/{number}: 200 with the
// licence and its status now (a revoked or expired licence is 200 and says
// so), 404 when no such licence exists, 400 for malformed input.
func (h *Handler) handleCheck(c *gin.Context) error {
	if len(c.Request.URL.Path) > maxPath || len(c.Request.URL.RawPath) > maxPath {
		return catalog.Errorf(catalog.KindInvalid, "the path is longer than %d bytes", maxPath).WithReason("path_too_long")
	}
	number := strings.TrimPrefix(c.Param("number"), "/")
	if number == "" {
		return catalog.Errorf(catalog.KindInvalid, "give the licence number after the issuer: /api/licences/{issuer}/{number}").
			WithReason("number_malformed")
	}
	v, err := licence.Verify(c.Request.Context(), h.licences, c.Param("issuer"), number, h.now())
	if err != nil {
		return err
	}
	h.nameIssuer(c.Request.Context(), &v)
	c.Header("Cache-Control", "public, max-age=60")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Render(http.StatusOK, jsonRender{v})
	return nil
}

// nameIssuer fills in the issuer's names when the catalog knows them; an
// answer without them is still right, so a lookup error is only logged.
func (h *Handler) nameIssuer(ctx context.Context, v *licence.Verification) {
	if h.agencies == nil {
		return
	}
	a, err := h.agencies.FindAgency(ctx, v.Issuer)
	if err != nil {
		if !catalog.IsKind(err, catalog.KindNotFound) {
			h.log.Warn("licence check: cannot name the issuer", "issuer", v.Issuer, "err", err)
		}
		return
	}
	v.IssuerNameTH, v.IssuerNameEN = a.NameTH, a.NameEN
}
