package gateway

import (
	"crypto/x509"
	"errors"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

const (
	ctxAgency = httpapi.CtxAgency
	ctxCert   = "gdx.cert"
)

func unauthenticated(reason, msg string) *catalog.Error {
	return catalog.Errorf(catalog.KindUnauthenticated, "%s", msg).WithReason(reason)
}

// requireAgency admits requests whose TLS layer verified a client
// certificate naming a registered, active agency. Only the TLS layer's
// certificate counts: headers that claim to carry one are never read.
func (s *apiServer) requireAgency(c *gin.Context) error {
	leaf, err := verifiedLeaf(c)
	if err != nil {
		return err
	}
	// NOTE: the handshake checked revocation, but a connection may outlive
	// a revocation; every request checks again, against the same list.
	if err := s.deps.Revocation.Check(leaf); err != nil {
		return unauthenticated(certCheck(err), "the client certificate is revoked, or revocation cannot be checked").Wrap(err)
	}
	code, err := certs.AgencyFromCertificate(leaf)
	if err != nil {
		return unauthenticated(ReasonCertIdentity, "the client certificate does not name an agency").Wrap(err)
	}
	agency, err := s.deps.Agencies.FindAgency(c.Request.Context(), code)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return unauthenticated(ReasonUnknownAgency, "the agency named by the client certificate is not registered")
	} else if err != nil {
		return err
	}
	if !agency.Active() {
		return unauthenticated(ReasonAgencySuspend, "the agency is suspended from the exchange")
	}
	c.Set(ctxAgency, agency.Code)
	c.Set(ctxCert, leaf)
	c.Set(ctxAgency+".record", agency)
	return nil
}

// verifiedLeaf returns the client certificate the handshake verified.
// NOTE: with certs.APIServerTLSConfig the chain is verified in
// VerifyConnection, so VerifiedChains stay empty and the presented leaf is
// the verified one; Config.Validate refuses a TLS configuration that would
// let an unverified certificate through.
func verifiedLeaf(c *gin.Context) (*x509.Certificate, error) {
	st := c.Request.TLS
	var leaf *x509.Certificate
	switch {
	case st == nil:
	case len(st.VerifiedChains) > 0 && len(st.VerifiedChains[0]) > 0:
		leaf = st.VerifiedChains[0][0]
	case len(st.PeerCertificates) > 0:
		leaf = st.PeerCertificates[0]
	}
	if leaf == nil {
		return nil, unauthenticated(ReasonNoClientCert, "a client certificate issued by the exchange CA is required")
	}
	if err := certs.CheckClientKey(leaf); err != nil {
		return nil, unauthenticated(CheckCertWeak, "the client certificate's key is too weak").Wrap(err)
	}
	now := time.Now()
	if now.After(leaf.NotAfter) || now.Before(leaf.NotBefore) {
		return nil, unauthenticated(CheckCertExpired, "the client certificate is expired or not yet valid")
	}
	return leaf, nil
}

func agencyOf(c *gin.Context) (catalog.Agency, error) {
	v, ok := c.Get(ctxAgency + ".record")
	a, ok2 := v.(catalog.Agency)
	if !ok || !ok2 {
		return catalog.Agency{}, errors.New("gateway: no verified agency on the request")
	}
	return a, nil
}
