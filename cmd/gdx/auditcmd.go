package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

const auditUsage = `usage:
  gdx audit verify  [--key WRITER=FILE.pub …]          prove every chain and checkpoint intact
  gdx audit query   [--agency A] [--dataset D] [--kind K] [--decision D] [--from T] [--to T] [--limit N]
  gdx audit subject --key-kind citizen_id --key ID     who looked at this record
  gdx audit withhold (--grant G | --agency A [--dataset D]) --until DATE --reason R --by NAME
(all take --data DIR or --database-url URL)`

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return group(auditUsage, map[string]command{"verify": auditVerify, "query": auditQuery, "subject": auditSubject, "withhold": auditWithhold})(ctx, args, stdout, stderr)
}

// auditVerify walks every chain and names the first broken link.
func auditVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit verify", stderr)
	var f dbFlags
	f.register(fs)
	keyFiles := map[string]string{}
	fs.Func("key", "a writer's checkpoint public key as WRITER=FILE (default: DATA/audit-writer.key.pub for every writer)", func(v string) error {
		w, file, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("want WRITER=FILE, got %q", v)
		}
		keyFiles[w] = file
		return nil
	})
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := writerKeys(ctx, st, keyFiles, dataDir(f.data))
	if err != nil {
		return err
	}
	start := time.Now()
	report, err := audit.Verify(ctx, st.audit, keys, func(done int) {
		fmt.Fprintf(stderr, "\rverified %d events…", done)
	})
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	if err := printVerify(stdout, report, time.Since(start)); err != nil {
		return err
	}
	return checkCompleteness(ctx, st, keyFiles, stdout)
}

// checkCompleteness finds what a chain's own links cannot show: a writer
// named with --key whose whole chain is gone, and events cut from a
// chain's tail (with its head moved back) that the decision log still
// names.
func checkCompleteness(ctx context.Context, st *stores, keyFiles map[string]string, stdout io.Writer) error {
	writers, err := st.audit.Writers(ctx)
	if err != nil {
		return err
	}
	for w := range keyFiles {
		if !slices.Contains(writers, w) {
			return fmt.Errorf("the chain of writer %s is missing from the audit trail", w)
		}
	}
	var missing int
	var sample string
	err = st.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MIN(d.audit_event), '') FROM policy_decisions d
		WHERE d.audit_event <> '' AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.id = d.audit_event)`).Scan(&missing, &sample)
	if err != nil {
		return fmt.Errorf("cross-check the decision log: %w", err)
	}
	if missing > 0 {
		return fmt.Errorf("%d audit events named by the decision log are missing (for example %s): events were removed", missing, sample)
	}
	fmt.Fprintln(stdout, "every event the decision log names is in the trail")
	return nil
}

func writerKeys(ctx context.Context, st *stores, files map[string]string, dir dataDir) (map[string]ed25519.PublicKey, error) {
	writers, err := st.audit.Writers(ctx)
	if err != nil {
		return nil, err
	}
	keys := map[string]ed25519.PublicKey{}
	for _, w := range writers {
		file, ok := files[w]
		if !ok {
			file = dir.path("audit-writer.key.pub")
		}
		if keys[w], err = readPublicKey(file); err != nil {
			return nil, fmt.Errorf("checkpoint key of writer %s: %w (give it with --key %s=FILE)", w, err, w)
		}
	}
	return keys, nil
}

func printVerify(w io.Writer, r audit.Report, took time.Duration) error {
	if r.OK() {
		fmt.Fprintf(w, "audit trail intact: %d chains, %d events, %d signed checkpoints (%s)\n",
			r.Writers, r.Events, r.Checkpoints, took.Round(time.Millisecond))
		return nil
	}
	for _, b := range r.Breaks {
		fmt.Fprintln(w, b.String())
	}
	return fmt.Errorf("the audit trail is broken in %d of %d chains; the first broken link of each is listed above", len(r.Breaks), r.Writers)
}

func auditQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit query", stderr)
	var f dbFlags
	f.register(fs)
	var flt audit.Filter
	var kind, decision, from, to string
	fs.StringVar(&flt.Agency, "agency", "", "consumer agency code")
	fs.StringVar(&flt.Dataset, "dataset", "", "dataset id")
	fs.StringVar(&kind, "kind", "", "lookup, batch, denial, auth_failure, admin or withhold")
	fs.StringVar(&decision, "decision", "", "allow, deny or error")
	fs.StringVar(&from, "from", "", "from this time (RFC 3339), inclusive")
	fs.StringVar(&to, "to", "", "until this time (RFC 3339), exclusive")
	fs.IntVar(&flt.Limit, "limit", audit.DefaultLimit, "events per page, at most 1000")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	flt.Kind, flt.Decision = audit.Kind(kind), audit.Decision(decision)
	var err error
	if flt.From, err = parseTimeFlag("from", from); err != nil {
		return err
	}
	if flt.To, err = parseTimeFlag("to", to); err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	page, err := st.audit.Query(ctx, flt)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	for _, e := range page.Events {
		e.Evidence = "" // the signed token is evidence for auditors' exports, not for terminals
		enc.Encode(e)
	}
	if page.Next != "" {
		fmt.Fprintf(stderr, "more events follow; page on with the cursor %s\n", page.Next)
	}
	return nil
}

func parseTimeFlag(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, usagef("--%s %q: want RFC 3339, e.g. 2026-11-25T00:00:00+07:00", name, v)
	}
	return t, nil
}

// auditSubject answers "who looked at my record" for one key.
func auditSubject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("audit subject", stderr)
	var f dbFlags
	f.register(fs)
	kind := fs.String("key-kind", "citizen_id", "citizen_id, juristic_id or house_id")
	key := fs.String("key", "", "the record key")
	secret := fs.String("audit-secret", "", "the audit's key-hash secret (default DATA/audit.secret)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	norm, err := catalog.NormalizeKey(catalog.KeyKind(*kind), *key)
	if err != nil {
		return err
	}
	hasher, err := loadHasher(orDefault(*secret, dataDir(f.data).path("audit.secret")))
	if err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	lookups, err := audit.SubjectLookups(ctx, st.audit, hasher.HashKey(*kind, norm), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "lookups of this record: %d\n", len(lookups))
	for _, l := range lookups {
		fmt.Fprintf(stdout, "%s  %-8s %-20s %-16s %s\n", l.Time.Local().Format(time.DateTime), l.Agency, l.Dataset, l.Purpose, strings.Join(l.Fields, ","))
	}
	return nil
}

func loadHasher(path string) (*audit.Hasher, error) {
	secret, err := readSecret(path)
	if err != nil {
		return nil, err
	}
	return audit.NewHasher(secret)
}
