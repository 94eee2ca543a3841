package main

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/authn"
)

func init() { addCommand(newTokenCommand) }

// newTokenCommand prints a signed request JWT for an agency, bound to its
// client certificate: the client helper for scripts and the README's
// example.
func newTokenCommand() *cobra.Command {
	var dir string
	r := authn.TokenRequest{}
	cmd := &cobra.Command{Use: "token --agency DIR --purpose P --sub OFFICER --ial L --aal L",
		Short: "print a signed request JWT bound to the agency's certificate", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" || r.Purpose == "" || r.Officer == "" || r.IAL == "" || r.AAL == "" {
				return usagef("--agency, --purpose, --sub, --ial and --aal are required")
			}
			if err := loadTokenCredentials(&r, dir); err != nil {
				return err
			}
			tok, err := authn.SignToken(r)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), tok)
			return nil
		}}
	fl := cmd.Flags()
	fl.StringVar(&dir, "agency", "", "the agency's credential directory (client.crt, signing.jwk), e.g. gdx-data/agencies/DLA")
	fl.StringVar(&r.Purpose, "purpose", "", "registered purpose code, e.g. licensing")
	fl.StringVar(&r.Officer, "sub", "", "the acting officer's pseudonymous id")
	fl.StringVar(&r.IAL, "ial", "", "the officer's identity assurance level: 1, 2.1, 2.2, 2.3 or 3")
	fl.StringVar(&r.AAL, "aal", "", "the officer's authenticator assurance level: 1, 2 or 3")
	fl.DurationVar(&r.TTL, "ttl", 2*time.Minute, "token lifetime, at most 5m")
	fl.StringVar(&r.Audience, "audience", "", "the exchange's aud; default read from the demo.json two levels above --agency")
	_ = cmd.MarkFlagDirname("agency")
	return cmd
}

func loadTokenCredentials(r *authn.TokenRequest, dir string) error {
	cert, err := readCertificate(filepath.Join(dir, clientCertFile))
	if err != nil {
		return err
	}
	if r.Agency, err = certs.AgencyFromCertificate(cert); err != nil {
		return err
	}
	if r.Key, err = certs.ReadJWK(filepath.Join(dir, signingKeyFile)); err != nil {
		return err
	}
	r.Cert = cert
	if r.Audience == "" {
		r.Audience, err = demoAudienceFrom(filepath.Join(dir, "..", "..", "demo.json"))
	}
	return err
}

func readCertificate(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the agency certificate: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s is not a PEM certificate", path)
	}
	return x509.ParseCertificate(block.Bytes)
}

func demoAudienceFrom(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", usagef("no --audience given and no demo.json at %s: pass --audience", path)
	}
	var info demoInfo
	if err := json.Unmarshal(b, &info); err != nil || info.Audience == "" {
		return "", fmt.Errorf("%s has no audience: pass --audience", path)
	}
	return info.Audience, nil
}
