package certs

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// tlsFixture is a CA, a server credential and a revocation checker.
type tlsFixture struct {
	ca      *Authority
	server  tls.Certificate
	src     *memSource
	checker *RevocationChecker
}

// newTLSFixture builds a fixture whose checker has loaded an empty list.
func newTLSFixture(tb testing.TB) *tlsFixture {
	tb.Helper()
	ca, _ := newTestCA(tb)
	server, err := ca.IssueServer(nil, time.Hour)
	if err != nil {
		tb.Fatalf("IssueServer: %v", err)
	}
	f := &tlsFixture{ca: ca, server: keyPair(tb, server), src: &memSource{}}
	f.checker = NewRevocationChecker(f.src, 0, nil)
	refresh(tb, f.checker)
	return f
}

// handshake runs a TLS handshake over loopback TCP and returns what each side
// saw. The client reads one message so that a refusal sent after the TLS 1.3
// client finished its side still reaches it.
func handshake(tb testing.TB, server, client *tls.Config) (serverErr, clientErr error) {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() { done <- serveOnce(ln, server) }()
	conn, err := net.DialTimeout("tcp", ln.Addr().String(), 5*time.Second)
	if err != nil {
		tb.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	tc := tls.Client(conn, client)
	if clientErr = tc.Handshake(); clientErr == nil {
		_, clientErr = io.ReadFull(tc, make([]byte, 2))
	}
	return <-done, clientErr
}

// serveOnce accepts one connection, shakes hands and says "ok".
func serveOnce(ln net.Listener, cfg *tls.Config) error {
	conn, err := ln.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	tc := tls.Server(conn, cfg)
	if err := tc.Handshake(); err != nil {
		return err
	}
	_, err = tc.Write([]byte("ok"))
	return err
}

// clientConfig trusts the fixture CA and presents cert.
// It always presents cert, as curl would, even when the server names other
// CAs (Go's client would then send none).
func (f *tlsFixture) clientConfig(cert tls.Certificate) *tls.Config {
	cfg := ClientTLSConfig(cert, f.ca.Pool())
	cfg.ServerName = "127.0.0.1"
	if cert.Certificate != nil {
		cfg.Certificates = nil
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil }
	}
	return cfg
}

func TestServerTLSConfigHandshake(t *testing.T) {
	f := newTLSFixture(t)
	foreign, _ := newTestCA(t)
	revoked := mustIssueAgency(t, f.ca, "RD")
	f.src.set(nil, revoked.Issued.Serial)
	refresh(t, f.checker)
	weakKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	weak := signTemplate(t, f.ca, clientTemplate("DLA", "urn:gdx:agency:DLA"), weakKey.Public())
	serverAsClient, _ := f.ca.IssueServer(nil, time.Hour)
	type tcase struct {
		name    string
		cert    tls.Certificate
		checker *RevocationChecker
		check   func(error) bool
		tls12   bool
	}
	tests := []tcase{
		{"agency", keyPair(t, mustIssueAgency(t, f.ca, "DLA")), f.checker, isNil, false},
		{"agency over TLS 1.2", keyPair(t, mustIssueAgency(t, f.ca, "DLA")), f.checker, isNil, true},
		{"revoked over TLS 1.2", keyPair(t, revoked), f.checker, is(ErrRevoked), true},
		{"revoked", keyPair(t, revoked), f.checker, is(ErrRevoked), false},
		{"foreign CA", keyPair(t, mustIssueAgency(t, foreign, "DLA")), f.checker, isUnknownAuthority, false},
		{"never loaded", keyPair(t, mustIssueAgency(t, f.ca, "DLA")), NewRevocationChecker(f.src, 0, nil), is(ErrStale), false},
		{"nil checker", keyPair(t, mustIssueAgency(t, f.ca, "DLA")), nil, is(ErrStale), false},
		{"weak RSA key", tls.Certificate{Certificate: [][]byte{weak.Raw}, PrivateKey: weakKey}, f.checker, is(ErrInvalid), false},
		{"server cert as client", keyPair(t, serverAsClient), f.checker, isNotNil, false},
		{"no client cert", tls.Certificate{}, f.checker, isNotNil, false},
	}
	// The API listener verifies the same things itself, and lets a client
	// without a certificate through to be refused with a 401.
	configs := map[string]func(tls.Certificate, *x509.CertPool, *RevocationChecker) *tls.Config{
		"server": ServerTLSConfig, "api": APIServerTLSConfig}
	for kind, newConfig := range configs {
		for _, tt := range tests {
			if kind == "api" && tt.name == "no client cert" {
				tt.check = isNil
			}
			runHandshakeCase(t, kind+"/"+tt.name, newConfig(f.server, f.ca.Pool(), tt.checker), f.clientConfig(tt.cert), tt.tls12, tt.check)
		}
	}
}

func runHandshakeCase(t *testing.T, name string, server, client *tls.Config, tls12 bool, check func(error) bool) {
	t.Run(name, func(t *testing.T) {
		if tls12 {
			client.MaxVersion = tls.VersionTLS12
		}
		serverErr, clientErr := handshake(t, server, client)
		t.Logf("server: %v; client: %v", serverErr, clientErr)
		if !check(serverErr) {
			t.Errorf("server handshake error = %v", serverErr)
		}
		if (serverErr == nil) != (clientErr == nil) {
			t.Errorf("client error = %v, server error = %v", clientErr, serverErr)
		}
	})
}

func TestRevocationTakesEffectWithoutRestart(t *testing.T) {
	f := newTLSFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	checker := NewRevocationChecker(f.src, 10*time.Millisecond, nil)
	checker.Start(ctx)
	waitFor(t, "first load", func() bool { return checker.Fresh() == nil })
	agency := mustIssueAgency(t, f.ca, "DLA")
	server := ServerTLSConfig(f.server, f.ca.Pool(), checker)
	client := f.clientConfig(keyPair(t, agency))
	if serverErr, clientErr := handshake(t, server, client); serverErr != nil || clientErr != nil {
		t.Fatalf("before revocation: server %v, client %v", serverErr, clientErr)
	}
	f.src.set(nil, agency.Issued.Serial)
	waitFor(t, "revocation", func() bool { return checker.IsRevoked(agency.Issued.Serial) })
	if serverErr, _ := handshake(t, server, client); !errors.Is(serverErr, ErrRevoked) {
		t.Fatalf("after revocation: server error = %v, want ErrRevoked", serverErr)
	}
}

func TestTLSConfigMinimums(t *testing.T) {
	for name, cfg := range map[string]*tls.Config{
		"server": ServerTLSConfig(tls.Certificate{}, nil, nil),
		"client": ClientTLSConfig(tls.Certificate{}, nil),
	} {
		if cfg.MinVersion != tls.VersionTLS12 || len(cfg.CipherSuites) != 6 || len(cfg.CurvePreferences) != 2 {
			t.Errorf("%s: MinVersion %x, %d suites, %d curves", name, cfg.MinVersion, len(cfg.CipherSuites), len(cfg.CurvePreferences))
		}
	}
	if cfg := ServerTLSConfig(tls.Certificate{}, nil, nil); cfg.ClientAuth != tls.RequireAndVerifyClientCert {
		t.Errorf("server ClientAuth = %v", cfg.ClientAuth)
	}
}

// Error predicates for the handshake table.
func isNil(err error) bool    { return err == nil }
func isNotNil(err error) bool { return err != nil }
func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}
func isUnknownAuthority(err error) bool {
	var unknown x509.UnknownAuthorityError
	return errors.As(err, &unknown)
}
