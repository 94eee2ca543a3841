package gateway

import (
	"context"
	"crypto/x509"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// TokenVerifier checks a request JWT against the agency its certificate
// names; *authn.Verifier is the implementation.
type TokenVerifier interface {
	Verify(ctx context.Context, token, agency string, cert *x509.Certificate) (authn.Caller, error)
}

const ctxCaller = "gdx.caller"

// requireToken admits requests carrying one valid request JWT in the
// Authorization header, bound to the certificate requireAgency verified.
func (s *apiServer) requireToken(c *gin.Context) error {
	token, err := bearerToken(c)
	if err != nil {
		return err
	}
	agency, err := agencyOf(c)
	if err != nil {
		return err
	}
	caller, err := s.deps.Tokens.Verify(c.Request.Context(), token, agency.Code, c.MustGet(ctxCert).(*x509.Certificate))
	if err != nil {
		return err
	}
	c.Set(ctxCaller, caller)
	c.Set(httpapi.CtxOfficer, caller.Officer)
	return nil
}

// bearerToken extracts the token from exactly one Authorization header. A
// token in the query string is refused: URLs end up in logs and caches.
func bearerToken(c *gin.Context) (string, error) {
	if tokenInQuery(c.Request.URL) {
		return "", unauthenticated(authn.ReasonTokenInQuery, "request tokens are accepted only in the Authorization header, never in the URL")
	}
	values := c.Request.Header.Values("Authorization")
	switch {
	case len(values) == 0:
		return "", unauthenticated(authn.ReasonTokenMissing, "send the signed request JWT as 'Authorization: Bearer <token>'")
	case len(values) > 1:
		return "", unauthenticated(authn.ReasonTokenMalformed, "send exactly one Authorization header")
	case len(values[0]) > authn.MaxTokenBytes+len("Bearer "):
		return "", unauthenticated(authn.ReasonTokenTooLarge, "the Authorization header is too large")
	}
	scheme, token, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) != token || token == "" {
		return "", unauthenticated(authn.ReasonTokenMalformed, "the Authorization header must be 'Bearer <token>'")
	}
	return token, nil
}

// tokenInQuery reports a query naming access_token or token; a URL
// without a query is not parsed.
func tokenInQuery(u *url.URL) bool {
	if u.RawQuery == "" {
		return false
	}
	q := u.Query()
	return q.Has("access_token") || q.Has("token")
}

// callerOf returns the verified caller of the request.
func callerOf(c *gin.Context) (authn.Caller, error) {
	v, ok := c.Get(ctxCaller)
	caller, ok2 := v.(authn.Caller)
	if !ok || !ok2 {
		return authn.Caller{}, catalog.Errorf(catalog.KindInternal, "no verified caller on the request")
	}
	return caller, nil
}

// maxHeaderTotal bounds the request's headers; net/http's own limit is set
// higher so that this check, not a bare 431, answers with a problem body.
const maxHeaderTotal = 32 << 10

// withHeaderLimit refuses requests whose headers exceed maxHeaderTotal.
func withHeaderLimit(c *gin.Context) error {
	total := 0
	for k, vs := range c.Request.Header {
		for _, v := range vs {
			total += len(k) + len(v) + 4
		}
	}
	if total > maxHeaderTotal {
		return catalog.Errorf(catalog.KindInvalid, "request headers exceed %d bytes", maxHeaderTotal).WithReason(ReasonHeadersTooLarge)
	}
	return nil
}
