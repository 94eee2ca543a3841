package certs

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
)

// cipherSuites are the TLS 1.2 suites allowed: ECDHE key exchange with an
// AEAD only. TLS 1.3 suites are not configurable and all acceptable.
var cipherSuites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

// curves are the key exchange groups allowed.
var curves = []tls.CurveID{tls.X25519, tls.CurveP256}

// ServerTLSConfig returns the mTLS server configuration of the agency API:
// TLS 1.2 or later with ECDHE+AEAD suites, X25519 or P-256, and a client
// certificate that chains to clientCAs, has a strong enough key
// (CheckClientKey) and is not revoked (checker). A nil checker refuses every
// client: revocation checking fails closed.
func ServerTLSConfig(serverCert tls.Certificate, clientCAs *x509.CertPool, checker *RevocationChecker) *tls.Config {
	cfg := baseConfig()
	cfg.Certificates = []tls.Certificate{serverCert}
	cfg.ClientCAs = clientCAs
	cfg.ClientAuth = tls.RequireAndVerifyClientCert
	cfg.VerifyConnection = verifyClient(checker)
	return cfg
}

// APIServerTLSConfig is ServerTLSConfig for a listener that also answers
// health probes: a client may connect without a certificate (the HTTP layer
// then refuses it with 401 and a reason), but a certificate it does present
// must chain to clientCAs for client authentication, be strong enough and
// not be revoked, or the handshake fails.
//
// NOTE: the chain is verified in VerifyConnection, not by crypto/tls's
// ClientAuth, so that whoever wraps VerifyConnection sees every refused
// certificate and can audit it; crypto/tls would fail the handshake before
// anyone saw it. The checks are the ones crypto/tls makes. Because of this
// the connection's VerifiedChains stay empty: the leaf to trust is
// PeerCertificates[0], and only on a listener with this configuration.
func APIServerTLSConfig(serverCert tls.Certificate, clientCAs *x509.CertPool, checker *RevocationChecker) *tls.Config {
	cfg := ServerTLSConfig(serverCert, clientCAs, checker)
	cfg.ClientAuth = tls.RequestClientCert
	strength := cfg.VerifyConnection
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return nil
		}
		if err := verifyChain(cs.PeerCertificates, clientCAs); err != nil {
			return err
		}
		return strength(cs)
	}
	return cfg
}

// verifyChain checks that the presented chain leads from its leaf to one of
// roots, for client authentication, now.
func verifyChain(presented []*x509.Certificate, roots *x509.CertPool) error {
	inter := x509.NewCertPool()
	for _, c := range presented[1:] {
		inter.AddCert(c)
	}
	_, err := presented[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	if err != nil {
		return fmt.Errorf("client certificate %s: %w", Serial(presented[0]), err)
	}
	return nil
}

// ClientTLSConfig returns a client configuration that presents clientCert and
// trusts only rootCAs, with the same protocol minimums as ServerTLSConfig.
func ClientTLSConfig(clientCert tls.Certificate, rootCAs *x509.CertPool) *tls.Config {
	cfg := baseConfig()
	cfg.Certificates = []tls.Certificate{clientCert}
	cfg.RootCAs = rootCAs
	return cfg
}

// baseConfig holds the protocol minimums shared by servers and clients.
func baseConfig() *tls.Config {
	return &tls.Config{
		MinVersion:       tls.VersionTLS12,
		CipherSuites:     append([]uint16(nil), cipherSuites...),
		CurvePreferences: append([]tls.CurveID(nil), curves...),
	}
}

// verifyClient checks the verified client leaf's key strength and revocation.
func verifyClient(checker *RevocationChecker) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return fmt.Errorf("client certificate: %w: none presented", ErrInvalid)
		}
		leaf := cs.PeerCertificates[0]
		if err := CheckClientKey(leaf); err != nil {
			return err
		}
		return checker.Check(leaf)
	}
}
