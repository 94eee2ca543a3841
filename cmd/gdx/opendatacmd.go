package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/publish"
	"github.com/gdx-exchange/gdx/opendata/stats"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

func init() {
	addCommand(func() *cobra.Command {
		return group("opendata", "open data: load licences, export, refresh statistics, publish to a CKAN",
			"The open-data side of the exchange: the licence databases, the exchange statistics and the\n"+
				"metadata catalog, published on the web listener through the CKAN and DataStore APIs and DCAT.",
			newOpenDataImport(), newOpenDataExport(), newOpenDataRefresh(), newOpenDataPublish())
	})
}

func newOpenDataImport() *cobra.Command {
	var f operatorFlags
	var agency string
	cmd := &cobra.Command{Use: "import --agency CODE FILE", Short: "load an agency's licences from a CSV or NDJSON file",
		Long: "Load an agency's licences from a CSV file (a header row; UTF-8 with or without BOM) or NDJSON (one\n" +
			"object per line). Bad rows are reported with their line, column and reason and skipped; good rows\n" +
			"land; re-importing the same file changes nothing. The load is audited (licence.import).\n" +
			"Exit code 1 when any row was rejected.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.asOperator(func(ctx context.Context, cmd *cobra.Command, st *stores, op *operator) error {
				return importLicences(ctx, cmd, st, op, strings.ToUpper(agency), args[0])
			})(cmd, nil)
		}}
	f.register(cmd)
	cmd.Flags().StringVar(&agency, "agency", "", "the issuing agency whose licences the file holds")
	_ = cmd.MarkFlagRequired("agency")
	return cmd
}

func importLicences(ctx context.Context, cmd *cobra.Command, st *stores, op *operator, agency, path string) error {
	format, ok := licence.FormatOf(path)
	if !ok {
		return usagef("%s: name the file .csv or .ndjson (or .jsonl) so its format is known", path)
	}
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	bar := newBar(cmd.ErrOrStderr(), info.Size(), "importing "+filepath.Base(path), true)
	var rep licence.Report
	detail := map[string]any{"file": filepath.Base(path), "bytes": info.Size()}
	err = op.svc.ImportLicences(ctx, op.by, agency, detail, func() error {
		var err error
		rep, err = licence.Import(ctx, st.licences, agency, file, format, func(p licence.Progress) { _ = bar.Set64(p.Bytes) })
		return err
	})
	_ = bar.Finish()
	out := cmd.OutOrStdout()
	for _, p := range rep.Problems {
		fmt.Fprintln(out, p.String())
	}
	if rep.ProblemsOmitted > 0 {
		fmt.Fprintf(out, "… and %d more problems\n", rep.ProblemsOmitted)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(out, rep.Summary())
	if rep.Rejected > 0 {
		return fmt.Errorf("%d rows rejected (rows without problems are stored); fix them and import the file again", rep.Rejected)
	}
	return nil
}

func newOpenDataExport() *cobra.Command {
	var f dbFlags
	var dataset, table, format, out string
	cmd := &cobra.Command{Use: "export --dataset NAME --format csv|json|parquet|arrow --out FILE",
		Short: "write a tabular dataset to a file, streamed, with progress",
		Long: "Write one table of an open dataset to a file, streamed from the database with bounded memory.\n" +
			"NAME is the package name (gdx opendata … or /api/3/action/package_list): dla-licences,\n" +
			"gdx-exchange-statistics. --table picks the statistics table (volumes, reasons, latency).",
		Args: noArgs,
		RunE: listing(&f, &outputFlag{format: "table"}, func(ctx context.Context, cmd *cobra.Command, st *stores) error {
			return exportTable(ctx, cmd, st, dataset, table, format, out)
		})}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&dataset, "dataset", "", "the dataset's package name, such as dla-licences")
	fl.StringVar(&table, "table", "", "the table (licences; for statistics volumes, reasons or latency; default the dataset's first)")
	fl.StringVar(&format, "format", "csv", "csv, json, parquet or arrow")
	fl.StringVar(&out, "out", "", "the file to write ('-' for standard output)")
	_ = cmd.MarkFlagRequired("dataset")
	_ = cmd.MarkFlagRequired("out")
	completeWords(cmd, "format", "csv", "json", "parquet", "arrow")
	return cmd
}

func exportTable(ctx context.Context, cmd *cobra.Command, st *stores, dataset, table, format, out string) error {
	f, err := tabular.ParseFormat(format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	if table == "" {
		table = licence.TableName
		if dataset == stats.PackageName {
			table = stats.TableVolumes
		}
	}
	t, err := openTables{st}.Table(ctx, dataset, table)
	if err != nil {
		return err
	}
	v, err := t.Version(ctx)
	if err != nil {
		return err
	}
	w, commit, err := createOutput(out)
	if err != nil {
		return err
	}
	defer commit(false)
	start := time.Now()
	bar := newBar(cmd.ErrOrStderr(), v.Rows, "exporting "+dataset+"/"+table, false)
	written, err := tabular.Write(ctx, w, f, t, func(rows int64) { _ = bar.Set64(rows) })
	_ = bar.Finish()
	if err != nil {
		return err
	}
	if err := commit(true); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %d rows, %d bytes of %s to %s in %.2f s\n", written.Rows, written.Bytes, f.Label(), out,
		time.Since(start).Seconds())
	return nil
}

// createOutput opens where an export goes: a temporary file beside out,
// renamed into place only when the export completes, so a failed export
// never leaves a truncated file behind; '-' is standard output. It fails
// before any work when the directory cannot be written.
func createOutput(out string) (io.Writer, func(ok bool) error, error) {
	if out == "-" {
		return os.Stdout, func(bool) error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".part-")
	if err != nil {
		return nil, nil, fmt.Errorf("cannot write %s: %w", out, err)
	}
	done := false
	return tmp, func(ok bool) error {
		if done {
			return nil
		}
		done = true
		if err := tmp.Close(); err != nil || !ok {
			os.Remove(tmp.Name())
			return err
		}
		return os.Rename(tmp.Name(), out)
	}, nil
}

func newOpenDataRefresh() *cobra.Command {
	var f dbFlags
	var urls serverConfig
	cmd := &cobra.Command{Use: "refresh", Short: "count new audit events into the statistics and rebuild the packages now",
		Long: "Count the audit events written since the last refresh into the exchange statistics (only those),\n" +
			"then rebuild the open-data packages from the catalog, the licences and the statistics. A running\n" +
			"exchange does both on a schedule; this does them at once.",
		Args: noArgs,
		RunE: listing(&f, &outputFlag{format: "table"}, func(ctx context.Context, cmd *cobra.Command, st *stores) error {
			res, err := statsRefresher(st, slog.New(slog.DiscardHandler)).Refresh(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "statistics: read %d new audit events from %d chains, counted %d requests in %.2f s\n",
				res.Events, res.Writers, res.Counted, res.Took.Seconds())
			sync, err := opendata.Sync(ctx, st.opendata, packageProviders(urls.openDataFor(urls.webAddr), st)...)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "packages: %d created, %d updated, %d deleted, %d unchanged\n",
				sync.Created, sync.Updated, sync.Deleted, sync.Unchanged)
			return nil
		})}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&urls.publicURL, "public-url", "http://127.0.0.1:8080", "the web listener's public URL, which the packages' links name (as serve's --public-url)")
	fl.StringVar(&urls.apiAddr, "api-addr", "127.0.0.1:8443", "the agency API's address, which the metadata catalog names")
	return cmd
}

func newOpenDataPublish() *cobra.Command {
	var f dbFlags
	var o outputFlag
	var ckanURL, token, org string
	cmd := &cobra.Command{Use: "publish --ckan URL --token TOKEN [--org NAME]", Short: "create or update every open package on an external CKAN",
		Long: "Create or update the organisations, datasets and resources on an external CKAN (data.go.th or any\n" +
			"CKAN 2.10+) through its write API, idempotently: a second run changes nothing and says so. The token\n" +
			"may also come from GDX_TOKEN. Exit code 1 when the remote refused any dataset.",
		Args: noArgs,
		RunE: listing(&f, &o, func(ctx context.Context, cmd *cobra.Command, st *stores) error {
			return publishPackages(ctx, cmd, st, publish.ClientConfig{URL: ckanURL, Token: token}, publish.Options{Org: org}, o.json())
		})}
	f.register(cmd)
	o.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&ckanURL, "ckan", "", "the remote CKAN's base URL, such as https://data.go.th")
	fl.StringVar(&token, "token", "", "a CKAN API token of a user who may write the organisations (env GDX_TOKEN)")
	fl.StringVar(&org, "org", "", "publish everything under this one remote organisation (it must exist there)")
	_ = cmd.MarkFlagRequired("ckan")
	return cmd
}

func publishPackages(ctx context.Context, cmd *cobra.Command, st *stores, cc publish.ClientConfig, opts publish.Options, asJSON bool) error {
	if cc.Token == "" {
		return usagef("--token (or GDX_TOKEN) is required: CKAN writes need an API token")
	}
	client, err := publish.NewClient(cc)
	if err != nil {
		return usagef("%v", err)
	}
	all, err := st.opendata.ListPackages(ctx)
	if err != nil {
		return err
	}
	var pkgs []opendata.Package
	for _, p := range all {
		if p.State == opendata.StateActive && !p.Private {
			pkgs = append(pkgs, p)
		}
	}
	bar := newBar(cmd.ErrOrStderr(), int64(len(pkgs)), "publishing to "+cc.URL, false)
	rep, err := publish.Publish(ctx, client, pkgs, opts, func(p publish.Progress) { _ = bar.Set(p.Done) })
	_ = bar.Finish()
	if rep != nil {
		write := rep.WriteTable
		if asJSON {
			write = rep.WriteJSON
		}
		if werr := write(cmd.OutOrStdout()); werr != nil {
			return werr
		}
	}
	if err != nil {
		return err
	}
	return rep.Err()
}

// newBar is a progress bar on stderr: bytes of a file, or a count.
func newBar(w io.Writer, total int64, what string, bytes bool) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(bytes), progressbar.OptionShowCount(), progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish(),
		progressbar.OptionOnCompletion(func() { fmt.Fprint(w, "\r") }))
}
