package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/catalog"
)

func init() { addCommand(newAuditCommand) }

func newAuditCommand() *cobra.Command {
	return group("audit", "prove the audit trail intact, search it, who looked at a record",
		"Prove the audit trail intact, search it, answer \"who looked at my record\", and withhold\n"+
			"lookups from the citizen's view. All subcommands take --data DIR or --database-url URL.",
		newAuditVerify(), newAuditQuery(), newAuditSubject(), newAuditWithhold())
}

func newAuditVerify() *cobra.Command {
	var f dbFlags
	keyFiles := map[string]string{}
	cmd := &cobra.Command{Use: "verify [--key WRITER=FILE.pub …]", Short: "prove every chain and checkpoint intact", Args: noArgs,
		Long: "Walk every audit chain and signed checkpoint and name the first broken link; exit 1 when one is.",
		RunE: func(cmd *cobra.Command, _ []string) error { return auditVerify(cmd, f, keyFiles) }}
	f.register(cmd)
	cmd.Flags().Func("key", "a writer's checkpoint public key as WRITER=FILE (default: DATA/audit-writer.key.pub for every writer); repeat for each", func(v string) error {
		w, file, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("want WRITER=FILE, got %q", v)
		}
		keyFiles[w] = file
		return nil
	})
	return cmd
}

// auditVerify walks every chain and names the first broken link.
func auditVerify(cmd *cobra.Command, f dbFlags, keyFiles map[string]string) error {
	ctx, stdout, stderr := cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr()
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

// queryFlags are the flags of audit query.
type queryFlags struct {
	dbFlags
	out                      outputFlag
	flt                      audit.Filter
	kind, decision, from, to string
}

func newAuditQuery() *cobra.Command {
	var f queryFlags
	cmd := &cobra.Command{Use: "query [--agency A] [--dataset D] [--kind K] [--decision D] [--from T] [--to T]",
		Short: "search the audit trail, newest first", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return auditQuery(cmd, &f) }}
	f.register(cmd)
	f.out.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.flt.Agency, "agency", "", "consumer agency code")
	fl.StringVar(&f.flt.Dataset, "dataset", "", "dataset id")
	fl.StringVar(&f.kind, "kind", "", "lookup, batch, denial, auth_failure, admin or withhold")
	fl.StringVar(&f.decision, "decision", "", "allow, deny or error")
	fl.StringVar(&f.from, "from", "", "from this time (RFC 3339), inclusive")
	fl.StringVar(&f.to, "to", "", "until this time (RFC 3339), exclusive")
	fl.IntVar(&f.flt.Limit, "limit", audit.DefaultLimit, "events per page, at most 1000")
	fl.StringVar(&f.flt.Cursor, "cursor", "", "the next page's cursor, as the previous page names it")
	completeWords(cmd, "kind", kindNames()...)
	completeWords(cmd, "decision", "allow", "deny", "error")
	return cmd
}

func kindNames() []string {
	out := make([]string, len(audit.Kinds))
	for i, k := range audit.Kinds {
		out[i] = string(k)
	}
	return out
}

func auditQuery(cmd *cobra.Command, f *queryFlags) error {
	if err := f.out.check(); err != nil {
		return err
	}
	flt := f.flt
	flt.Kind, flt.Decision = audit.Kind(f.kind), audit.Decision(f.decision)
	var err error
	if flt.From, err = parseTimeFlag("from", f.from); err != nil {
		return err
	}
	if flt.To, err = parseTimeFlag("to", f.to); err != nil {
		return err
	}
	ctx := cmd.Context()
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	page, err := st.audit.Query(ctx, flt)
	if err != nil {
		return err
	}
	for i := range page.Events {
		page.Events[i].Evidence = "" // the signed token is evidence for auditors' exports, not for terminals
	}
	if err := printEvents(cmd.OutOrStdout(), page.Events, f.out.json()); err != nil {
		return err
	}
	if page.Next != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "more events follow; page on with --cursor %s\n", page.Next)
	}
	return nil
}

// printEvents writes events as JSON lines or as a table for people.
func printEvents(w io.Writer, events []audit.Event, asJSON bool) error {
	if asJSON {
		return writeJSONLines(w, events)
	}
	t := newTable(w, "TIME", "KIND", "AGENCY", "OFFICER", "DATASET", "DECISION", "STATUS", "DETAIL")
	for _, e := range events {
		status := ""
		if e.Status != 0 {
			status = strconv.Itoa(e.Status)
		}
		t.row(e.Time.Local().Format(time.DateTime), string(e.Kind), e.Agency, e.Officer, e.Dataset, string(e.Decision), status, eventDetail(e))
	}
	return t.flush()
}

// eventDetail is the DETAIL column: the action and its target for an
// operator's or steward's action, the failed check (and how many failures
// a summary stands for), or the decision's reasons.
func eventDetail(e audit.Event) string {
	var parts []string
	if e.Action != "" {
		parts = append(parts, strings.TrimSpace(e.Action+" "+e.Target))
	}
	if e.Check != "" {
		parts = append(parts, e.Check)
	}
	if e.Count > 0 {
		parts = append(parts, fmt.Sprintf("×%d", e.Count))
	}
	if len(e.Reasons) > 0 {
		parts = append(parts, strings.Join(e.Reasons, ","))
	}
	return strings.Join(parts, " ")
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

// subjectFlags are the flags of audit subject.
type subjectFlags struct {
	dbFlags
	out               outputFlag
	kind, key, secret string
}

func newAuditSubject() *cobra.Command {
	var f subjectFlags
	cmd := &cobra.Command{Use: "subject --key-kind KIND --key ID", Short: "who looked at this record", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return auditSubject(cmd, &f) }}
	f.register(cmd)
	f.out.register(cmd)
	cmd.Flags().StringVar(&f.kind, "key-kind", "citizen_id", "citizen_id, juristic_id or house_id")
	completeWords(cmd, "key-kind", "citizen_id", "juristic_id", "house_id")
	cmd.Flags().StringVar(&f.key, "key", "", "the record key")
	cmd.Flags().StringVar(&f.secret, "audit-secret", "", "the audit's key-hash secret (default DATA/audit.secret)")
	return cmd
}

// auditSubject answers "who looked at my record" for one key.
func auditSubject(cmd *cobra.Command, f *subjectFlags) error {
	if err := f.out.check(); err != nil {
		return err
	}
	norm, err := catalog.NormalizeKey(catalog.KeyKind(f.kind), f.key)
	if err != nil {
		return err
	}
	hasher, err := loadHasher(orDefault(f.secret, dataDir(f.data).path("audit.secret")))
	if err != nil {
		return err
	}
	ctx, stdout := cmd.Context(), cmd.OutOrStdout()
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	lookups, err := audit.SubjectLookups(ctx, st.audit, hasher.HashKey(f.kind, norm), time.Now())
	if err != nil || f.out.json() {
		return orJSON(err, cmd, lookups)
	}
	fmt.Fprintf(stdout, "lookups of this record: %d\n", len(lookups))
	t := newTable(stdout, "TIME", "AGENCY", "DATASET", "PURPOSE", "FIELDS")
	for _, l := range lookups {
		t.row(l.Time.Local().Format(time.DateTime), l.Agency, l.Dataset, l.Purpose, strings.Join(l.Fields, ","))
	}
	return t.flush()
}

func loadHasher(path string) (*audit.Hasher, error) {
	secret, err := readSecret(path)
	if err != nil {
		return nil, err
	}
	return audit.NewHasher(secret)
}
