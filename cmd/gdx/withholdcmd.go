package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/audit"
)

// withholdFlags are the flags of audit withhold.
type withholdFlags struct {
	dbFlags
	wh         audit.Withhold
	until, key string
}

// newAuditWithhold hides a grant's (or an agency's) lookups from the
// citizen's view until a date, as an investigation may need; the
// withholding is itself an audit event, on the operator tools' own chain.
func newAuditWithhold() *cobra.Command {
	var f withholdFlags
	cmd := &cobra.Command{Use: "withhold (--grant G | --agency A [--dataset D]) --until DATE --reason R --by NAME",
		Short: "hide lookups from the citizen's view until a date (itself audited)", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return auditWithhold(cmd, &f) }}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.wh.Grant, "grant", "", "withhold the lookups made under this grant id")
	fl.StringVar(&f.wh.Agency, "agency", "", "or: withhold this consumer agency's lookups")
	fl.StringVar(&f.wh.Dataset, "dataset", "", "with --agency: only on this dataset")
	fl.StringVar(&f.until, "until", "", "end date (YYYY-MM-DD or RFC 3339)")
	fl.StringVar(&f.wh.Reason, "reason", "", "why, e.g. the investigation's case number")
	fl.StringVar(&f.wh.SetBy, "by", "", "who orders it (name or steward id)")
	fl.StringVar(&f.key, "audit-key", "", "Ed25519 key signing the tools' checkpoints (default DATA/audit-writer.key)")
	return cmd
}

func auditWithhold(cmd *cobra.Command, f *withholdFlags) error {
	wh := f.wh
	var err error
	if wh.Until, err = parseDate(f.until); err != nil {
		return err
	}
	if err := wh.Validate(); err != nil {
		return usagef("%v", err)
	}
	ctx := cmd.Context()
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := toolWriter(ctx, st, orDefault(f.key, dataDir(f.data).path("audit-writer.key")))
	if err != nil {
		return err
	}
	defer w.Close()
	stored, err := w.AddWithhold(ctx, wh)
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "withheld from the citizen's view until %s (withholding %s, audit event %s)\n",
		stored.Until.Format(time.DateOnly), stored.ID, stored.EventID)
	return nil
}

// toolWriter is the audit writer of operator tools: its own chain, named
// for the host, so it never forks a running gateway's chain.
func toolWriter(ctx context.Context, st *stores, keyFile string) (*audit.Writer, error) {
	key, err := loadOrCreateSigningKey(keyFile)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	return audit.NewWriter(ctx, st.audit, audit.Config{Writer: "tools-" + metricName(host), Key: key})
}

func parseDate(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, usagef("--until %q: want YYYY-MM-DD or RFC 3339", v)
	}
	return t, nil
}
