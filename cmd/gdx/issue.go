package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/certs"
)

// issueServer issues the gateway's server certificate into the data
// directory and records it.
func issueServer(ctx context.Context, ca *certs.Authority, st *stores, dir dataDir, names []string) error {
	cred, err := ca.IssueServer(names, 0)
	if err != nil {
		return err
	}
	if err := st.certs.RecordIssued(ctx, cred.Issued); err != nil {
		return fmt.Errorf("record server certificate: %w", err)
	}
	return cred.Write(string(dir), "server.crt", "server.key")
}

// issueAgency issues an agency's client certificate into out, records it,
// and creates the agency's signing key there unless one exists.
func issueAgency(ctx context.Context, ca *certs.Authority, st *stores, out, code, alg string) error {
	cred, err := ca.IssueAgency(code, 0)
	if err != nil {
		return err
	}
	if err := st.certs.RecordIssued(ctx, cred.Issued); err != nil {
		return fmt.Errorf("record certificate of %s: %w", code, err)
	}
	if err := cred.Write(out, clientCertFile, clientKeyFile); err != nil {
		return err
	}
	return ensureSigningKey(ctx, st, out, code, alg)
}

// ensureSigningKey makes the agency's signing key in its credential
// directory unless one is there, and registers its public half. The
// private half stays in the directory; only the public JWK is stored.
func ensureSigningKey(ctx context.Context, st *stores, dir, code, alg string) error {
	path := filepath.Join(dir, signingKeyFile)
	jwk, err := certs.ReadJWK(path)
	if errors.Is(err, certs.ErrNotFound) {
		if jwk, err = certs.NewSigningKey(alg, ""); err == nil {
			err = certs.WriteJWK(path, jwk)
		}
	}
	if err != nil {
		return err
	}
	return registerKey(ctx, st, code, certs.PublicJWK(jwk))
}

// registerKey registers a public key; one already registered is fine.
func registerKey(ctx context.Context, st *stores, code string, pub jose.JSONWebKey) error {
	k, err := certs.NewAgencyKey(code, pub, time.Now())
	if err != nil {
		return err
	}
	if err := st.certs.AddKey(ctx, k); err != nil && !errors.Is(err, certs.ErrExists) {
		return err
	}
	return nil
}
