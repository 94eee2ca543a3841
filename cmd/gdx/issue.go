package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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
	jwkPath := filepath.Join(out, signingKeyFile)
	if _, err := os.Stat(jwkPath); err == nil {
		return nil
	}
	jwk, err := certs.NewSigningKey(alg, "")
	if err != nil {
		return err
	}
	return certs.WriteJWK(jwkPath, jwk)
}
