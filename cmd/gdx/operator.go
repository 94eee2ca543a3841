package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/policies"
)

// operatorFlags are the flags of commands that change the exchange: the
// database's, and the key that signs the operator tools' audit chain.
type operatorFlags struct {
	dbFlags
	auditKey string
}

func (f *operatorFlags) register(cmd *cobra.Command) {
	f.dbFlags.register(cmd)
	cmd.Flags().StringVar(&f.auditKey, "audit-key", "", "Ed25519 key signing the operator tools' audit checkpoints (default DATA/audit-writer.key; created if absent)")
}

// operator is the admin service as the operator's tools use it: every
// change goes through the verbs of the admin API, with the OS user at
// this host as the actor, and is audited on the tools' own chain.
type operator struct {
	svc    *admin.Service
	by     admin.Caller
	writer *audit.Writer
}

// openOperator opens the database and the operator's admin service.
// Close the stores after the operator.
func (f *operatorFlags) openOperator(ctx context.Context, stderr io.Writer) (*stores, *operator, error) {
	st, err := f.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	op, err := f.operatorOn(ctx, st, stderr)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, op, nil
}

// operatorOn starts the operator's admin service on open stores.
func (f *operatorFlags) operatorOn(ctx context.Context, st *stores, stderr io.Writer) (*operator, error) {
	keyFile, err := f.keyFile()
	if err != nil {
		return nil, err
	}
	return newOperator(ctx, st, keyFile, stderr)
}

// keyFile is the tools' checkpoint key; it is created when absent, but
// never in a data directory that does not exist.
func (f *operatorFlags) keyFile() (string, error) {
	if f.auditKey != "" {
		return f.auditKey, nil
	}
	file := dataDir(f.data).path("audit-writer.key")
	if _, err := os.Stat(filepath.Dir(file)); err != nil {
		return "", fmt.Errorf("the operator's audit key belongs in the data directory, and %s is not there: give --data DIR or --audit-key FILE", f.data)
	}
	return file, nil
}

func newOperator(ctx context.Context, st *stores, keyFile string, stderr io.Writer) (*operator, error) {
	w, err := toolWriter(ctx, st, keyFile)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc, err := admin.NewService(admin.Config{}, admin.Deps{Stewards: st.admin, Catalog: st.catalog, Keys: st.certs,
		Certs: st.certs, Policies: policies.NewWorkflow(st.policies, nil), Auditor: adminAuditor{w}, Logger: log})
	if err != nil {
		w.Close()
		return nil, err
	}
	return &operator{svc: svc, by: admin.Operator(operatorName(), "cli-"+uuid.NewString()), writer: w}, nil
}

// Close flushes the operator's audit events.
func (o *operator) Close() error { return o.writer.Close() }

// operatorName is the OS user and host running the tools, as the audit
// names the operator: "root@gdx-1".
func operatorName() string {
	who := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		who = u.Username
	}
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	return who + "@" + host
}

// asOperator is the RunE of a command that changes state as the operator:
// it opens the stores and the operator's audited session, hands both to
// act and closes them afterwards.
func (f *operatorFlags) asOperator(act func(ctx context.Context, cmd *cobra.Command, st *stores, op *operator) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		ctx := cmd.Context()
		st, op, err := f.openOperator(ctx, cmd.ErrOrStderr())
		if err != nil {
			return err
		}
		defer st.Close()
		defer op.Close()
		return act(ctx, cmd, st, op)
	}
}
