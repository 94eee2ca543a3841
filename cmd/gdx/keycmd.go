package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/admin"
)

func newKeyCommand() *cobra.Command {
	return group("key", "manage agencies' request-signing keys",
		"Manage agencies' public request-signing keys. Gateways see a change within a second.\n"+
			"add, rotate and revoke go through the admin API's verbs and are audited like them.",
		newKeyList(), newKeyAdd(), newKeyRotate(), newKeyRevoke())
}

func newKeyList() *cobra.Command {
	var f dbFlags
	var o outputFlag
	var code string
	cmd := &cobra.Command{Use: "list [--code CODE]", Short: "list registered signing keys", Args: noArgs,
		RunE: listing(&f, &o, func(ctx context.Context, cmd *cobra.Command, st *stores) error {
			keys, err := st.certs.ListKeys(ctx, code)
			if err != nil {
				return err
			}
			if o.json() {
				return writeJSONLines(cmd.OutOrStdout(), keyViews(keys))
			}
			t := newTable(cmd.OutOrStdout(), "AGENCY", "KID", "ALG", "ADDED", "STATE")
			for _, k := range keys {
				t.row(k.Agency, k.KeyID, k.Algorithm, k.AddedAt.Format(time.DateTime), keyState(k))
			}
			return t.flush()
		})}
	f.register(cmd)
	o.register(cmd)
	cmd.Flags().StringVar(&code, "code", "", "only this agency's keys")
	return cmd
}

// keyViews are the keys as the admin API shows them, for -o json.
func keyViews(keys []certs.AgencyKey) []admin.Key {
	out := make([]admin.Key, len(keys))
	for i, k := range keys {
		state := "current"
		switch {
		case k.RevokedAt != nil:
			state = "revoked"
		case k.RetireAt != nil && !time.Now().Before(*k.RetireAt):
			state = "retired"
		case k.RetireAt != nil:
			state = "retiring"
		}
		out[i] = admin.Key{Agency: k.Agency, KeyID: k.KeyID, Algorithm: k.Algorithm, Public: k.Public, AddedAt: k.AddedAt,
			RetireAt: k.RetireAt, RevokedAt: k.RevokedAt, State: state}
	}
	return out
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

func newKeyAdd() *cobra.Command {
	var f operatorFlags
	var code, path string
	cmd := &cobra.Command{Use: "add --code CODE --jwk PUBLIC.jwk", Short: "register an agency's public signing key", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			raw, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("read the public key: %w", err)
			}
			ctx := cmd.Context()
			st, op, err := f.openOperator(ctx, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer st.Close()
			defer op.Close()
			k, err := op.svc.AddKey(ctx, op.by, code, raw)
			if catalog.IsKind(err, catalog.KindInvalid) {
				return fmt.Errorf("%s: %w", path, err)
			} else if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "registered key %s for %s; gateways accept it within a second\n", k.KeyID, k.Agency)
			return nil
		}}
	f.register(cmd)
	cmd.Flags().StringVar(&code, "code", "", "agency code")
	cmd.Flags().StringVar(&path, "jwk", "", "file holding the agency's PUBLIC signing JWK")
	return cmd
}

func newKeyRevoke() *cobra.Command {
	var f operatorFlags
	var code, kid string
	cmd := &cobra.Command{Use: "revoke --code CODE --kid KID", Short: "end a key's use at once", Args: noArgs,
		RunE: f.asOperator(func(ctx context.Context, cmd *cobra.Command, st *stores, op *operator) error {
			if err := op.svc.RevokeKey(ctx, op.by, code, kid); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "revoked key %s of %s; gateways refuse it within a second\n", kid, code)
			return nil
		})}
	f.register(cmd)
	cmd.Flags().StringVar(&code, "code", "", "agency code")
	cmd.Flags().StringVar(&kid, "kid", "", "the key's kid; see 'gdx agency key list'")
	return cmd
}

// rotateFlags are the flags of agency key rotate.
type rotateFlags struct {
	operatorFlags
	code, dir, alg string
	grace          time.Duration
}

func newKeyRotate() *cobra.Command {
	var f rotateFlags
	cmd := &cobra.Command{Use: "rotate --code CODE", Short: "make a new signing key and retire the old one after a grace",
		Long: "Make a new signing key in the agency's credential directory, register its public half and retire\n" +
			"the old key after the grace, so that tokens signed with either verify during the change-over.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return keyRotate(cmd, f) }}
	f.register(cmd)
	cmd.Flags().StringVar(&f.code, "code", "", "agency code")
	cmd.Flags().StringVar(&f.dir, "dir", "", "the agency's credential directory (default DATA/agencies/CODE)")
	cmd.Flags().StringVar(&f.alg, "alg", certs.DefaultSigningAlg, "algorithm of the new key: ES256, EdDSA or PS256")
	completeWords(cmd, "alg", "ES256", "EdDSA", "PS256")
	cmd.Flags().DurationVar(&f.grace, "grace", certs.DefaultKeyGrace, "how long the old key keeps verifying")
	_ = cmd.MarkFlagDirname("dir")
	return cmd
}

func keyRotate(cmd *cobra.Command, f rotateFlags) error {
	dir := orDefault(f.dir, dataDir(f.data).agency(f.code))
	old, err := certs.ReadJWK(filepath.Join(dir, signingKeyFile))
	if err != nil {
		return err
	}
	next, err := certs.NewSigningKey(f.alg, "")
	if err != nil {
		return err
	}
	pub, err := json.Marshal(certs.PublicJWK(next))
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	st, op, err := f.openOperator(ctx, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer st.Close()
	defer op.Close()
	r, err := op.svc.RotateKey(ctx, op.by, f.code, old.KeyID, pub, f.grace)
	if err != nil {
		return err
	}
	if err := certs.WriteJWK(filepath.Join(dir, signingKeyFile), next); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "new key %s is current; old key %s verifies until %s\n", r.New.KeyID, r.Old.KeyID,
		r.Old.RetireAt.Local().Format(time.DateTime))
	return nil
}
