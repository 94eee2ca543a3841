// Package simtest starts registry simulators for tests, with a throwaway
// exchange CA and the credentials that the simulators and their clients
// present. Tests of connectors, the gateway and integration use it.
//
// NOTE: simtest imports certs, connectors/sim and connectors/synth only.
package simtest

import (
	"context"
	"crypto/tls"
	"sync"
	"testing"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/connectors/sim"
	"github.com/gdx-exchange/gdx/connectors/synth"
)

// GatewayName is the gateway name in PKI.Gateway's certificate.
const GatewayName = "gw-test"

// PKI is a throwaway exchange CA with a simulator server certificate and a
// gateway upstream client certificate.
type PKI struct {
	CA *certs.Authority
	// Server is the simulators' TLS server certificate.
	Server tls.Certificate
	// Gateway is the gateway's upstream client certificate
	// (urn:gdx:gateway:gw-test).
	Gateway tls.Certificate
}

// NewPKI creates a CA in a temporary directory and issues the certificates.
func NewPKI(tb testing.TB) *PKI {
	tb.Helper()
	ca, err := certs.Init(tb.TempDir(), certs.InitOptions{})
	if err != nil {
		tb.Fatalf("init CA: %v", err)
	}
	p := &PKI{CA: ca}
	p.Server = KeyPair(tb, must(tb)(ca.IssueServer(nil, 0)))
	p.Gateway = KeyPair(tb, must(tb)(ca.IssueUpstream(GatewayName, 0)))
	return p
}

// must fails tb on an issuing error.
func must(tb testing.TB) func(*certs.Credential, error) *certs.Credential {
	return func(c *certs.Credential, err error) *certs.Credential {
		tb.Helper()
		if err != nil {
			tb.Fatalf("issue certificate: %v", err)
		}
		return c
	}
}

// KeyPair turns an issued credential into a tls.Certificate.
func KeyPair(tb testing.TB, c *certs.Credential) tls.Certificate {
	tb.Helper()
	kp, err := tls.X509KeyPair(c.CertPEM, c.KeyPEM)
	if err != nil {
		tb.Fatalf("key pair: %v", err)
	}
	return kp
}

// GatewayTLS returns the client configuration a connector uses: the gateway
// certificate, trusting only the CA.
func (p *PKI) GatewayTLS() *tls.Config { return certs.ClientTLSConfig(p.Gateway, p.CA.Pool()) }

// ClientTLS returns a client configuration presenting cert and trusting
// only the CA.
func (p *PKI) ClientTLS(cert tls.Certificate) *tls.Config {
	return certs.ClientTLSConfig(cert, p.CA.Pool())
}

// Data returns the default synthetic population, shared by all tests of the
// process (it is immutable).
var Data = sync.OnceValue(func() *synth.Generator { return synth.New(synth.Config{}) })

// Start starts a simulator of reg with p's certificates and the default
// population; it closes when the test ends. Adjust cfg before it starts
// with the optional edit functions.
func Start(tb testing.TB, p *PKI, reg sim.Registry, edit ...func(*sim.Config)) *sim.Server {
	tb.Helper()
	cfg := sim.Config{Registry: reg, Certificate: p.Server, ClientCAs: p.CA.Pool(), Data: Data()}
	for _, e := range edit {
		e(&cfg)
	}
	s, err := sim.Start(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("start %s simulator: %v", reg, err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}
