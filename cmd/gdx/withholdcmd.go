package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gdx-exchange/gdx/audit"
)

// auditWithhold hides a grant's (or an agency's) lookups from the
// citizen's view until a date, as an investigation may need; the
// withholding is itself an audit event, on the operator tools' own chain.
func auditWithhold(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit withhold", stderr)
	var f dbFlags
	f.register(fs)
	var wh audit.Withhold
	var until string
	fs.StringVar(&wh.Grant, "grant", "", "withhold the lookups made under this grant id")
	fs.StringVar(&wh.Agency, "agency", "", "or: withhold this consumer agency's lookups")
	fs.StringVar(&wh.Dataset, "dataset", "", "with --agency: only on this dataset")
	fs.StringVar(&until, "until", "", "end date (YYYY-MM-DD or RFC 3339)")
	fs.StringVar(&wh.Reason, "reason", "", "why, e.g. the investigation's case number")
	fs.StringVar(&wh.SetBy, "by", "", "who orders it (name or steward id)")
	key := fs.String("audit-key", "", "Ed25519 key signing the tools' checkpoints (default DATA/audit-writer.key)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var err error
	if wh.Until, err = parseDate(until); err != nil {
		return err
	}
	if err := wh.Validate(); err != nil {
		return usagef("%v", err)
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	w, err := toolWriter(ctx, st, orDefault(*key, dataDir(f.data).path("audit-writer.key")))
	if err != nil {
		return err
	}
	defer w.Close()
	stored, err := w.AddWithhold(ctx, wh)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "withheld from the citizen's view until %s (withholding %s, audit event %s)\n",
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
