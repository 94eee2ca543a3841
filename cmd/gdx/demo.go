package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/catalog/demo"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/opendata/licence"
)

// demoConfig is what `gdx demo` runs with.
type demoConfig struct {
	dir       dataDir
	apiAddr   string
	webAddr   string
	adminAddr string
	idpAddr   string
	licences  int // demo licences seeded on the first run
	reset     bool
	logLevel  string
}

func init() { addCommand(newDemoCommand) }

func newDemoCommand() *cobra.Command {
	var cfg demoConfig
	var data string
	cmd := &cobra.Command{Use: "demo [--data DIR] [--reset]", Short: "start a complete local exchange (start here)", Args: noArgs,
		Long: "Start a complete local exchange: on the first run it creates the data directory (CA, demo agencies\n" +
			"with credentials, catalog, policies, steward accounts), then starts the registry simulators and the\n" +
			"gateway and prints the URLs and a working example request. No flags needed.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg.dir = dataDir(data)
			log, err := newLogger(cmd.ErrOrStderr(), cfg.logLevel)
			if err != nil {
				return err
			}
			if err := prepareDemoDir(cmd.Context(), cfg, cmd.OutOrStdout()); err != nil {
				return err
			}
			return serveDemo(cmd.Context(), cfg, log, cmd.OutOrStdout())
		}}
	fl := cmd.Flags()
	fl.StringVar(&data, "data", "./gdx-data", "data directory, created on first run")
	fl.StringVar(&cfg.apiAddr, "api-addr", "127.0.0.1:8443", "agency API listen address (mutual TLS)")
	fl.StringVar(&cfg.webAddr, "web-addr", "127.0.0.1:8080", "public web listen address")
	fl.StringVar(&cfg.adminAddr, "admin-addr", "127.0.0.1:8081", "admin API, steward console and /metrics listen address")
	fl.IntVar(&cfg.licences, "demo-licences", licence.DemoCount, "how many demo licences the first run seeds")
	fl.StringVar(&cfg.idpAddr, "digitalid-addr", "127.0.0.1:8082", "listen address of the simulated Digital ID provider that citizens sign in with")
	fl.BoolVar(&cfg.reset, "reset", false, "delete the data directory and start afresh")
	fl.StringVar(&cfg.logLevel, "log-level", "warn", "log level: debug, info, warn or error")
	completeWords(cmd, "log-level", "debug", "info", "warn", "error")
	_ = cmd.MarkFlagDirname("data")
	return cmd
}

// prepareDemoDir creates the data directory on the first run (or after
// --reset) and checks it on later runs.
func prepareDemoDir(ctx context.Context, cfg demoConfig, stdout io.Writer) error {
	if cfg.reset {
		if err := removeDataDir(cfg.dir); err != nil {
			return err
		}
	}
	empty, err := cfg.dir.emptyOrAbsent()
	if err != nil {
		return err
	}
	if empty {
		return createDemoDir(ctx, cfg, stdout)
	}
	return cfg.dir.requireFiles("the data directory is incomplete; run 'gdx demo --reset' to start afresh",
		cfg.dir.caCert(), cfg.dir.path("ca.key"), cfg.dir.serverCert(), cfg.dir.serverKey(), cfg.dir.path("gdx.db"))
}

// removeDataDir deletes a data directory, but only one that looks like
// gdx's, so that a mistyped --data never deletes someone's files.
func removeDataDir(dir dataDir) error {
	ok, err := dir.exists()
	if err != nil || !ok {
		return err
	}
	entries, err := os.ReadDir(string(dir))
	if err != nil {
		return fmt.Errorf("cannot read data directory %s: %w", dir, err)
	}
	if _, err := os.Stat(dir.caCert()); len(entries) > 0 && err != nil {
		return fmt.Errorf("%s does not look like a gdx data directory (no ca.crt); not deleting it", dir)
	}
	return os.RemoveAll(string(dir))
}

// createDemoDir builds a complete data directory in a temporary sibling
// and renames it into place, so that an interrupted first run leaves
// nothing half-written behind.
func createDemoDir(ctx context.Context, cfg demoConfig, stdout io.Writer) error {
	dir := cfg.dir
	tmp, err := os.MkdirTemp(parentOf(dir), ".gdx-data-init-")
	if err != nil {
		return fmt.Errorf("cannot create the data directory beside %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o700); err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprintf(stdout, "First run: creating %s …\n", dir)
	if err := seedDemoDir(ctx, dataDir(tmp), cfg.licences, stdout); err != nil {
		return err
	}
	_ = os.Remove(string(dir)) // an empty directory the user made; os.Rename will not replace it
	if err := os.Rename(tmp, string(dir)); err != nil {
		return fmt.Errorf("cannot move the new data directory into place at %s: %w", dir, err)
	}
	fmt.Fprintf(stdout, "Created %s in %s.\n\n", dir, time.Since(start).Round(time.Millisecond))
	return nil
}

// seedDemoDir fills a new data directory, saying what it does as it goes.
func seedDemoDir(ctx context.Context, dir dataDir, licences int, stdout io.Writer) error {
	progress := func(step int, what string) { fmt.Fprintf(stdout, "  [%d/7] %s\n", step, what) }
	progress(1, "exchange CA")
	ca, err := certs.Init(string(dir), certs.InitOptions{})
	if err != nil {
		return err
	}
	st, err := openStores(ctx, dir.databaseURL())
	if err != nil {
		return err
	}
	defer st.Close()
	progress(2, "gateway server certificate")
	if err := issueServer(ctx, ca, st, dir, nil); err != nil {
		return err
	}
	progress(3, "certificates between the gateway and the registry simulators")
	if err := issueDemoUpstreams(ctx, ca, st, dir); err != nil {
		return err
	}
	progress(4, "catalog: agencies, purposes, datasets, grants")
	if err := demo.Seed(ctx, st.catalog, time.Now()); err != nil {
		return err
	}
	progress(5, "steward accounts (argon2id takes a few seconds)")
	if err := seedStewards(ctx, st, dir); err != nil {
		return err
	}
	for i, code := range demo.ClientAgencies() {
		progress(6, fmt.Sprintf("agency credentials %d/%d: %s", i+1, len(demo.ClientAgencies()), code))
		if err := issueAgency(ctx, ca, st, dir.agency(code), code, "ES256"); err != nil {
			return err
		}
	}
	progress(7, fmt.Sprintf("licence databases: %d licences across 77 provinces", licences))
	return seedDemoLicences(ctx, st, licences, stdout)
}

// seedDemoLicences registers the demo's other licensing agencies and loads
// the demo licences, printing a line at every quarter.
func seedDemoLicences(ctx context.Context, st *stores, count int, stdout io.Writer) error {
	if count <= 0 {
		return nil
	}
	for _, a := range licence.DemoAgencies() {
		if err := st.catalog.CreateAgency(ctx, a); err != nil && !catalog.IsKind(err, catalog.KindConflict) {
			return fmt.Errorf("licensing agency %s: %w", a.Code, err)
		}
	}
	quarter := max(count/4, 1)
	next := quarter
	_, err := licence.SeedDemoWith(ctx, st.licences, licence.DemoConfig{Count: count, Progress: func(p licence.Progress) {
		if p.Rows >= next {
			fmt.Fprintf(stdout, "        %3d%%  %d licences\n", p.Rows*100/count, p.Rows)
			next += quarter
		}
	}})
	return err
}

// seedStewards creates the demo's steward accounts and writes their
// passwords to DIR/stewards.json (0600) for the console and the admin API.
func seedStewards(ctx context.Context, st *stores, dir dataDir) error {
	creds, err := admin.SeedDemoStewards(ctx, st.admin, admin.PasswordParams{})
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(creds, "", "  ")
	if err != nil {
		return err
	}
	return writeSecretFile(dir.path("stewards.json"), append(b, '\n'))
}
