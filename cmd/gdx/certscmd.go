package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gdx-exchange/gdx/certs"
)

const certsUsage = `usage:
  gdx certs init   --data DIR
  gdx certs issue  --data DIR --agency CODE [--out DIR] [--alg ES256|EdDSA|PS256] [--days N]
  gdx certs issue  --data DIR --server NAME[,NAME…] [--days N]
  gdx certs revoke --data DIR --serial HEX [--reason TEXT]
  gdx certs list   --data DIR`

func runCerts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return group(certsUsage, map[string]command{"init": certsInit, "issue": certsIssue, "revoke": certsRevoke, "list": certsList})(ctx, args, stdout, stderr)
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

func certsInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("certs init", stderr)
	var f dbFlags
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if _, err := certs.Init(f.data, certs.InitOptions{}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created the exchange CA in %s (ca.crt, ca.key — keep ca.key offline)\n", f.data)
	return nil
}

func certsIssue(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("certs issue", stderr)
	var f dbFlags
	f.register(fs)
	agency := fs.String("agency", "", "issue an agency client certificate and signing key for this agency code")
	server := fs.String("server", "", "issue the gateway server certificate for these comma-separated names")
	out := fs.String("out", "", "directory for the agency's credentials (default DATA/agencies/CODE)")
	alg := fs.String("alg", "ES256", "signing key algorithm: ES256, EdDSA or PS256")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*agency == "") == (*server == "") {
		return usagef("give exactly one of --agency CODE or --server NAMES")
	}
	ca, st, err := f.openCA(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if *server != "" {
		names := strings.Split(*server, ",")
		if err := issueServer(ctx, ca, st, dataDir(f.data), names); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "issued the gateway server certificate for %s into %s\n", *server, f.data)
		return nil
	}
	dir := orDefault(*out, dataDir(f.data).agency(*agency))
	if err := issueAgency(ctx, ca, st, dir, *agency, *alg); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "issued credentials for %s into %s (client.crt, client.key, signing.jwk)\n", *agency, dir)
	return nil
}

func certsRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("certs revoke", stderr)
	var f dbFlags
	f.register(fs)
	serial := fs.String("serial", "", "serial number (hex) of the certificate to revoke; see 'gdx certs list'")
	reason := fs.String("reason", "unspecified", "why it is revoked")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *serial == "" {
		return usagef("--serial is required; 'gdx certs list' shows the serials")
	}
	_, st, err := f.openCA(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.certs.Revoke(ctx, strings.ToLower(*serial), *reason, time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "revoked %s; running gateways refuse it within 5 seconds\n", *serial)
	return nil
}

func certsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("certs list", stderr)
	var f dbFlags
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	_, st, err := f.openCA(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	issued, err := st.certs.ListIssued(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SERIAL\tKIND\tSUBJECT\tNOT AFTER\tSTATUS")
	for _, c := range issued {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Serial, c.Kind, c.Subject, c.NotAfter.Format(time.DateOnly), certStatus(c))
	}
	return tw.Flush()
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
