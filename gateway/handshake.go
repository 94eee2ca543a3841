package gateway

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log"
	"regexp"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/certs"
)

// auditedTLS wraps the API's certificate checks so that every certificate
// refused at the handshake leaves an audit event naming the client's
// address, which only the ClientHello knows.
func (s *apiServer) auditedTLS(cfg *tls.Config) *tls.Config {
	verify := cfg.VerifyConnection
	if verify == nil {
		return cfg
	}
	base := cfg.Clone()
	outer := cfg.Clone()
	outer.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		addr := hello.Conn.RemoteAddr().String()
		c := base.Clone()
		c.VerifyConnection = func(cs tls.ConnectionState) error {
			err := verify(cs)
			if err != nil && len(cs.PeerCertificates) > 0 {
				s.auditHandshake(cs.PeerCertificates[0], addr, certCheck(err))
			}
			return err
		}
		return c, nil
	}
	return outer
}

// certCheck names the check a refused certificate failed.
func certCheck(err error) string {
	var invalid x509.CertificateInvalidError
	switch {
	case errors.Is(err, certs.ErrRevoked):
		return CheckCertRevoked
	case errors.Is(err, certs.ErrStale):
		return CheckRevocationList
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return CheckCertExpired
	case errors.Is(err, certs.ErrInvalid):
		return CheckCertWeak // CheckClientKey's refusal; chain errors are x509's
	}
	return CheckCertUntrusted
}

// auditHandshake records a refused handshake. It runs on the handshake's
// goroutine, so it waits for the audit but never longer than a second.
func (s *apiServer) auditHandshake(cert *x509.Certificate, addr, check string) {
	if !s.failures.allow(addr, check, time.Now()) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	e := audit.Event{Kind: audit.KindAuthFailure, Decision: audit.DecisionDeny, Check: check, ClientAddr: addr}
	if cert != nil {
		e.CertThumbprint = certs.Thumbprint(cert)
		e.Agency, _ = certs.AgencyFromCertificate(cert)
	}
	if _, err := s.deps.Audit.Append(ctx, e); err != nil {
		s.log.Error("audit of a refused handshake failed", "check", check, "err", err)
	}
}

// handshakeError matches net/http's log line for a failed handshake.
var handshakeError = regexp.MustCompile(`^http: TLS handshake error from (\S+): (.*)$`)

// handshakeLog is the API server's error log: it audits handshakes that
// failed on protocol grounds (an old TLS version, no shared cipher suite),
// which no certificate check sees, and logs everything at debug level.
// Dropped connections (EOF, resets, timeouts), such as load balancers'
// TCP probes, are not audited.
func (s *apiServer) handshakeLog() *log.Logger {
	return log.New(writerFunc(func(p []byte) (int, error) {
		line := strings.TrimSpace(string(p))
		s.log.Debug(line)
		if m := handshakeError.FindStringSubmatch(line); m != nil && isProtocolFailure(m[2]) {
			s.auditHandshake(nil, m[1], CheckTLSProtocol)
		}
		return len(p), nil
	}), "", 0)
}

// isProtocolFailure tells TLS protocol refusals from certificate refusals
// (audited with their certificate already) and dropped connections.
func isProtocolFailure(msg string) bool {
	return strings.HasPrefix(msg, "tls: ") && !strings.Contains(msg, "certificate") &&
		!strings.Contains(msg, "EOF") && !strings.Contains(msg, "reset") && !strings.Contains(msg, "timeout")
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
