package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/certs"
)

const keyUsage = `usage:
  gdx agency key list   [--code CODE]
  gdx agency key add    --code CODE --jwk PUBLIC.jwk
  gdx agency key rotate --code CODE [--dir DATA/agencies/CODE] [--alg ES256] [--grace 24h]
  gdx agency key revoke --code CODE --kid KID
(all take --data DIR or --database-url URL)`

func runAgencyKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return group(keyUsage, map[string]command{"list": keyList, "add": keyAdd, "rotate": keyRotate, "revoke": keyRevoke})(ctx, args, stdout, stderr)
}

func keyList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agency key list", stderr)
	code := fs.String("code", "", "only this agency's keys")
	st, err := openDB(ctx, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := st.certs.ListKeys(ctx, *code)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENCY\tKID\tALG\tADDED\tSTATE")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k.Agency, k.KeyID, k.Algorithm, k.AddedAt.Format(time.DateTime), keyState(k))
	}
	return tw.Flush()
}

func keyState(k certs.AgencyKey) string {
	switch {
	case k.RevokedAt != nil:
		return "revoked " + k.RevokedAt.Format(time.DateTime)
	case k.RetireAt != nil && time.Now().After(*k.RetireAt):
		return "retired " + k.RetireAt.Format(time.DateTime)
	case k.RetireAt != nil:
		return "retiring at " + k.RetireAt.Format(time.DateTime)
	}
	return "current"
}

func keyAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agency key add", stderr)
	var f dbFlags
	f.register(fs)
	code := fs.String("code", "", "agency code")
	path := fs.String("jwk", "", "file holding the agency's PUBLIC signing JWK")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	b, err := os.ReadFile(*path)
	if err != nil {
		return fmt.Errorf("read the public key: %w", err)
	}
	var jwk jose.JSONWebKey
	if err := json.Unmarshal(b, &jwk); err != nil {
		return fmt.Errorf("%s is not a JWK: %w", *path, err)
	}
	k, err := certs.NewAgencyKey(*code, jwk, time.Now())
	if err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.certs.AddKey(ctx, k); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "registered key %s for %s; gateways accept it within 5 seconds\n", k.KeyID, k.Agency)
	return nil
}

func keyRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agency key revoke", stderr)
	code := fs.String("code", "", "agency code")
	kid := fs.String("kid", "", "the key's kid; see 'gdx agency key list'")
	st, err := openDB(ctx, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.certs.RevokeKey(ctx, *code, *kid, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked key %s of %s; gateways refuse it within 5 seconds\n", *kid, *code)
	return nil
}

// keyRotate makes a new signing key in the agency's credential directory,
// registers its public half and retires the old key after the grace, so
// tokens signed with either verify during the change-over.
func keyRotate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agency key rotate", stderr)
	var f dbFlags
	f.register(fs)
	code := fs.String("code", "", "agency code")
	dir := fs.String("dir", "", "the agency's credential directory (default DATA/agencies/CODE)")
	alg := fs.String("alg", certs.DefaultSigningAlg, "algorithm of the new key: ES256, EdDSA or PS256")
	grace := fs.Duration("grace", certs.DefaultKeyGrace, "how long the old key keeps verifying")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	*dir = orDefault(*dir, dataDir(f.data).agency(*code))
	old, err := certs.ReadJWK(filepath.Join(*dir, signingKeyFile))
	if err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	next, err := certs.NewSigningKey(*alg, "")
	if err != nil {
		return err
	}
	if err := registerKey(ctx, st, *code, certs.PublicJWK(next)); err != nil {
		return err
	}
	if err := st.certs.RetireKey(ctx, *code, old.KeyID, time.Now().Add(*grace)); err != nil {
		return err
	}
	if err := certs.WriteJWK(filepath.Join(*dir, signingKeyFile), next); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new key %s is current; old key %s verifies until %s\n", next.KeyID, old.KeyID,
		time.Now().Add(*grace).Format(time.DateTime))
	return nil
}
