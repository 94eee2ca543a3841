package sqlstore_test

import (
	"context"
	"io"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gdx-exchange/gdx/internal/pgtest"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	"github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// copySQL is PostgreSQL's own export of the same rows in the same order:
// the columns licence.Table writes, with the licensee withheld for natural
// persons as the public view does. Only the Thai name of the licence type
// is missing: it is a Go table, not a database one.
const copySQL = `COPY (SELECT number, type, issuer, office, licensee_kind,
	CASE WHEN licensee_kind = 'juristic' THEN business_name ELSE '' END,
	CASE WHEN licensee_kind = 'juristic' THEN juristic_id ELSE '' END,
	licensee_kind <> 'juristic', province, district, subdistrict, lat, lon,
	issued_on, NULLIF(expires_on, ''), status
	FROM licences WHERE issuer = 'DLA' ORDER BY issuer, number) TO STDOUT (FORMAT csv, HEADER)`

// BenchmarkExportVsCopy exports DLA's licences (1,000,000 of the demo's by
// default; GDX_BENCH_ROWS changes it) from PostgreSQL through the real
// path (licence.Table over this store, written by tabular) and compares
// CSV with PostgreSQL's own COPY … TO STDOUT read by this process through
// pgx, both to io.Discard. Each round runs gdx CSV, COPY, gdx Parquet and
// gdx Arrow one after the other, so that the machine's noise falls on all
// of them; the reported figures are the medians over GDX_BENCH_ROUNDS
// rounds (5). Loading the rows takes a minute or more, so it runs only with
// GDX_BENCH_OPENDATA=1:
//
//	GDX_BENCH_OPENDATA=1 go test ./opendata/licence/sqlstore -run '^$' -bench ExportVsCopy -benchtime 1x -timeout 30m
func BenchmarkExportVsCopy(b *testing.B) {
	if os.Getenv("GDX_BENCH_OPENDATA") != "1" {
		b.Skip("set GDX_BENCH_OPENDATA=1 to load 1,000,000 licences and export them")
	}
	rows, rounds := envInt(b, "GDX_BENCH_ROWS", licencetest.MaxDemoDLA), envInt(b, "GDX_BENCH_ROUNDS", 5)
	ctx := context.Background()
	url := pgtest.New(b)
	db := sqldbtest.OpenURL(b, url)
	if err := sqlstore.Migrate(ctx, db); err != nil {
		b.Fatal(err)
	}
	s := sqlstore.New(db)
	start := time.Now()
	if err := licencetest.DemoDLA(ctx, s, 0, rows); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d licences in %v", rows, time.Since(start).Round(time.Second))
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "VACUUM ANALYZE licences"); err != nil {
		b.Fatal(err)
	}
	table := licence.Table{Store: s, Issuer: licence.DemoDLA}
	ways := []struct {
		name string
		run  func() (int64, error)
	}{
		{"gdx-csv", func() (int64, error) { return export(ctx, table, tabular.CSV) }},
		{"copy-csv", func() (int64, error) { return copyCSV(ctx, conn) }},
		{"gdx-parquet", func() (int64, error) { return export(ctx, table, tabular.Parquet) }},
		{"gdx-arrow", func() (int64, error) { return export(ctx, table, tabular.Arrow) }},
	}
	took := make([][]time.Duration, len(ways))
	bytes := make([]int64, len(ways))
	for b.Loop() {
		for r := range rounds {
			for i, w := range ways {
				t0 := time.Now()
				n, err := w.run()
				if err != nil {
					b.Fatalf("%s: %v", w.name, err)
				}
				took[i], bytes[i] = append(took[i], time.Since(t0)), n
				b.Logf("round %d %-11s %6.2f s %8.0f rows/s %5.1f B/row", r+1, w.name, took[i][len(took[i])-1].Seconds(),
					float64(rows)/took[i][len(took[i])-1].Seconds(), float64(n)/float64(rows))
			}
		}
	}
	med := make([]float64, len(ways))
	for i, w := range ways {
		slices.Sort(took[i])
		med[i] = float64(rows) / took[i][len(took[i])/2].Seconds()
		b.ReportMetric(med[i], w.name+"-rows/s")
		b.Logf("median %-11s %8.0f rows/s, %d bytes", w.name, med[i], bytes[i])
	}
	b.ReportMetric(med[0]/med[1], "csv-ratio")
}

// export writes the table in format f to io.Discard and returns the bytes.
func export(ctx context.Context, t licence.Table, f tabular.Format) (int64, error) {
	st, err := tabular.Write(ctx, io.Discard, f, t, nil)
	return st.Bytes, err
}

// copyCSV runs copySQL and returns the bytes PostgreSQL sent.
func copyCSV(ctx context.Context, conn *pgx.Conn) (int64, error) {
	cw := &counter{}
	_, err := conn.PgConn().CopyTo(ctx, cw, copySQL)
	return cw.n, err
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}
