package gateway

import (
	"crypto/x509"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/authn"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// MaxFieldsParam bounds the raw ?fields= text.
const MaxFieldsParam = 4 << 10

// handleLookup serves GET /v1/datasets/{dataset}/records/{key}?fields=….
func (s *apiServer) handleLookup(c *gin.Context) error {
	req, err := s.lookupRequest(c)
	if err != nil {
		return err
	}
	req.Key = c.Param("key")
	s.claimFor(c, &req)
	res, err := s.deps.Pipeline.Lookup(c.Request.Context(), req)
	if err != nil {
		return err
	}
	return writeLookupAnswer(c, res)
}

// lookupRequest gathers what every lookup handler passes to the pipeline.
func (s *apiServer) lookupRequest(c *gin.Context) (LookupRequest, error) {
	agency, err := agencyOf(c)
	if err != nil {
		return LookupRequest{}, err
	}
	caller, err := callerOf(c)
	if err != nil {
		return LookupRequest{}, err
	}
	var raw string
	if c.Request.URL.RawQuery != "" { // gin parses even an empty query
		raw = c.Query("fields")
	}
	fields, err := parseFields(raw)
	if err != nil {
		return LookupRequest{}, err
	}
	return LookupRequest{Caller: caller, Agency: agency, Dataset: c.Param("dataset"), Fields: fields,
		RequestID: httpapi.RequestID(c), Client: callerClientInfo(c, caller)}, nil
}

// callerClientInfo is clientInfo for a request whose token was verified
// against its certificate: the thumbprint is the one the token's cnf
// names, which the verifier found equal to the certificate's, rather than
// a second SHA-256 of the certificate.
func callerClientInfo(c *gin.Context, caller authn.Caller) ClientInfo {
	if caller.CertThumbprint == "" {
		return clientInfo(c)
	}
	return ClientInfo{Addr: c.Request.RemoteAddr, Thumbprint: caller.CertThumbprint}
}

func parseFields(raw string) ([]string, error) {
	if raw == "" {
		return nil, nil
	}
	if len(raw) > MaxFieldsParam {
		return nil, catalog.Errorf(catalog.KindInvalid, "the fields parameter is longer than %d bytes", MaxFieldsParam).WithReason(ReasonFieldsTooLong)
	}
	var out []string
	for _, f := range strings.Split(raw, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out, nil
}

func clientInfo(c *gin.Context) ClientInfo {
	info := ClientInfo{Addr: c.Request.RemoteAddr}
	if v, ok := c.Get(ctxCert); ok {
		info.Thumbprint = certs.Thumbprint(v.(*x509.Certificate))
	} else if st := c.Request.TLS; st != nil && len(st.PeerCertificates) > 0 {
		info.Thumbprint = certs.Thumbprint(st.PeerCertificates[0])
	}
	return info
}
