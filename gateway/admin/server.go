package admin

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// Server is the admin HTTP API under /admin/v1. It implements the
// gateway's RouteSet (Register), so cmd/gdx mounts it on the public web
// listener beside the open-data API.
type Server struct {
	svc   *Service
	log   *slog.Logger
	limit int64
}

// smallBody caps every request body but a policy draft's.
const smallBody = 64 << 10

// New builds the admin service and its HTTP API. Errors: a missing
// dependency.
func New(cfg Config, deps Deps) (*Server, error) {
	svc, err := NewService(cfg, deps)
	if err != nil {
		return nil, err
	}
	svc.decoyHash() // before the first login, so that no refusal takes longer than another
	return &Server{svc: svc, log: deps.Logger, limit: svc.cfg.BodyLimit}, nil
}

// Service returns the verbs behind the API, for other front ends such as
// the steward console.
func (s *Server) Service() *Service { return s.svc }

// handle adapts a handler to gin through the shared problem writer.
func (s *Server) handle(h func(c *gin.Context) error) gin.HandlerFunc {
	return httpapi.Handler(s.log, h)
}

// noStore keeps tokens and admin data out of every cache.
func noStore(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// Context keys of the authenticated session.
const (
	ctxCaller  = "gdx.admin.caller"
	ctxSession = "gdx.admin.session"
)

// requireSession authenticates the bearer token of every route but login.
func (s *Server) requireSession(c *gin.Context) error {
	token, err := bearer(c.Request.Header)
	if err != nil {
		return err
	}
	st, sess, err := s.svc.Authenticate(c.Request.Context(), token)
	if err != nil {
		return err
	}
	c.Set(ctxCaller, Caller{Steward: st, RequestID: httpapi.RequestID(c)})
	c.Set(ctxSession, sess)
	return nil
}

// bearer returns the token of the one Authorization: Bearer header.
func bearer(h http.Header) (string, error) {
	values := h.Values("Authorization")
	if len(values) != 1 {
		return "", catalog.Errorf(catalog.KindUnauthenticated,
			"send exactly one Authorization: Bearer <token> header; get a token from POST /admin/v1/sessions").WithReason(ReasonNoSession)
	}
	scheme, token, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", catalog.Errorf(catalog.KindUnauthenticated, "the Authorization header must be Bearer <token>").WithReason(ReasonNoSession)
	}
	return strings.TrimSpace(token), nil
}

func caller(c *gin.Context) Caller {
	by, _ := c.Get(ctxCaller)
	return by.(Caller) // set by requireSession on every authenticated route
}

func session(c *gin.Context) Session {
	sess, _ := c.Get(ctxSession)
	return sess.(Session)
}

// validator is a request type that checks itself after decoding.
type validator interface {
	Validate() error
}

// bind decodes the JSON body into req through the one strict decoder
// (httpapi.DecodeJSON: no repeated or unknown members, UTF-8, one object,
// at most limit bytes) and then validates it; an empty body is the zero
// request. Errors: invalid, too large.
func bind(c *gin.Context, limit int64, req validator) error {
	err := httpapi.DecodeJSON(c.Request.Body, limit, req)
	if err != nil && catalog.ErrorReason(err) != httpapi.ReasonBodyEmpty {
		return err
	}
	return req.Validate()
}

// versionID reads the :id path parameter: a number, or v and a number.
func versionID(c *gin.Context) (int64, error) {
	raw := strings.TrimPrefix(c.Param("id"), "v")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, catalog.Errorf(catalog.KindInvalid, "policy version %q must be a number such as 7 or v7", c.Param("id"))
	}
	return id, nil
}

// maxNote bounds the free-text notes stewards attach.
const maxNote = 2000

// noteRequest carries an optional note: a rejection's reason and so on.
type noteRequest struct {
	Note string `json:"note"`
}

// Validate checks the note's length.
func (r *noteRequest) Validate() error {
	if len(r.Note) > maxNote {
		return catalog.Errorf(catalog.KindInvalid, "note is longer than %d bytes", maxNote)
	}
	return nil
}
