package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/certs"
)

func init() { addCommand(newCertsCommand) }

func newCertsCommand() *cobra.Command {
	return group("certs", "manage the exchange PKI: CA, server and agency certificates",
		"Manage the exchange PKI. The CA lives in the data directory (--data DIR); keep ca.key offline.\n"+
			"revoke goes through the admin service and is audited with the operator as the actor.",
		newCertsInit(), newCertsIssue(), newCertsRevoke(), newCertsList())
}

// openCA loads the CA in the data directory and the certificate registry.
// The registry is created beside the CA when it is missing.
func (f *dbFlags) openCA(ctx context.Context) (*certs.Authority, *stores, error) {
	ca, err := certs.Load(f.data)
	if err != nil {
		return nil, nil, err
	}
	st, err := openStores(ctx, databaseURL(f.dbURL, dataDir(f.data)))
	if err != nil {
		return nil, nil, err
	}
	return ca, st, nil
}

func newCertsInit() *cobra.Command {
	var f dbFlags
	cmd := &cobra.Command{Use: "init --data DIR", Short: "create the exchange CA", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := certs.Init(f.data, certs.InitOptions{}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created the exchange CA in %s (ca.crt, ca.key — keep ca.key offline)\n", f.data)
			return nil
		}}
	f.register(cmd)
	return cmd
}

// issueFlags are the flags of certs issue.
type issueFlags struct {
	dbFlags
	agency, server, out, alg string
}

func newCertsIssue() *cobra.Command {
	var f issueFlags
	cmd := &cobra.Command{Use: "issue --agency CODE | --server NAME[,NAME…]",
		Short: "issue an agency's credentials or the gateway's server certificate", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return certsIssue(cmd, f) }}
	f.register(cmd)
	cmd.Flags().StringVar(&f.agency, "agency", "", "issue an agency client certificate and signing key for this agency code")
	cmd.Flags().StringVar(&f.server, "server", "", "issue the gateway server certificate for these comma-separated names")
	cmd.Flags().StringVar(&f.out, "out", "", "directory for the agency's credentials (default DATA/agencies/CODE)")
	cmd.Flags().StringVar(&f.alg, "alg", "ES256", "signing key algorithm: ES256, EdDSA or PS256")
	completeWords(cmd, "alg", "ES256", "EdDSA", "PS256")
	_ = cmd.MarkFlagDirname("out")
	return cmd
}

func certsIssue(cmd *cobra.Command, f issueFlags) error {
	if (f.agency == "") == (f.server == "") {
		return usagef("give exactly one of --agency CODE or --server NAMES")
	}
	ctx, stdout := cmd.Context(), cmd.OutOrStdout()
	ca, st, err := f.openCA(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if f.server != "" {
		names := strings.Split(f.server, ",")
		if err := issueServer(ctx, ca, st, dataDir(f.data), names); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "issued the gateway server certificate for %s into %s\n", f.server, f.data)
		return nil
	}
	dir := orDefault(f.out, dataDir(f.data).agency(f.agency))
	if err := issueAgency(ctx, ca, st, dir, f.agency, f.alg); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "issued credentials for %s into %s (client.crt, client.key, signing.jwk)\n", f.agency, dir)
	return nil
}

func newCertsRevoke() *cobra.Command {
	var f operatorFlags
	var serial, reason string
	cmd := &cobra.Command{Use: "revoke --serial HEX [--reason TEXT]", Short: "revoke a certificate; gateways refuse it within a second", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if serial == "" {
				return usagef("--serial is required; 'gdx certs list' shows the serials")
			}
			ctx := cmd.Context()
			_, st, err := f.openCA(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			op, err := f.operatorOn(ctx, st, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer op.Close()
			if err := op.svc.RevokeCertificate(ctx, op.by, strings.ToLower(serial), reason); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "revoked %s; running gateways refuse it within a second\n", serial)
			return nil
		}}
	f.register(cmd)
	cmd.Flags().StringVar(&serial, "serial", "", "serial number (hex) of the certificate to revoke; see 'gdx certs list'")
	cmd.Flags().StringVar(&reason, "reason", "unspecified", "why it is revoked")
	return cmd
}

func newCertsList() *cobra.Command {
	var f dbFlags
	var o outputFlag
	cmd := &cobra.Command{Use: "list", Short: "list issued certificates", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.check(); err != nil {
				return err
			}
			_, st, err := f.openCA(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			issued, err := st.certs.ListIssued(cmd.Context())
			if err != nil || o.json() {
				return orJSON(err, cmd, issued)
			}
			t := newTable(cmd.OutOrStdout(), "SERIAL", "KIND", "SUBJECT", "NOT AFTER", "STATUS")
			for _, c := range issued {
				t.row(c.Serial, c.Kind, c.Subject, c.NotAfter.Format(time.DateOnly), certStatus(c))
			}
			return t.flush()
		}}
	f.register(cmd)
	o.register(cmd)
	return cmd
}

func certStatus(c certs.Issued) string {
	switch {
	case c.RevokedAt != nil:
		return "revoked " + c.RevokedAt.Format(time.DateOnly) + " (" + c.RevocationReason + ")"
	case time.Now().After(c.NotAfter):
		return "expired"
	}
	return "valid"
}
