package licence_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// TestTableDownloadsThePublicViewOnly writes an issuer's licence table as
// CSV and JSON and checks its rows, its version, and that no natural
// person's name or citizen id is in it.
func TestTableDownloadsThePublicViewOnly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s := openStore(t, engine)
		if _, err := licence.SeedDemoWith(ctx, s, licence.DemoConfig{Count: 3000}); err != nil {
			t.Fatal(err)
		}
		tbl := licence.Table{Store: s, Issuer: "DLA"}
		v, err := tbl.Version(ctx)
		if err != nil || v.Rows == 0 || v.Modified.IsZero() {
			t.Fatalf("version %+v, %v", v, err)
		}
		var buf bytes.Buffer
		st, err := tabular.Write(ctx, &buf, tabular.CSV, tbl, nil)
		if err != nil || st.Rows != v.Rows {
			t.Fatalf("wrote %d rows (%v); the version says %d", st.Rows, err, v.Rows)
		}
		if !strings.HasPrefix(buf.String(), "\ufefflicence_number,licence_type,licence_type_th,issuer,") {
			t.Errorf("header: %.80q", buf.String())
		}
		var natural int
		for l, err := range s.Each(ctx, "DLA") {
			if err != nil {
				t.Fatal(err)
			}
			if l.LicenseeKind != licence.Juristic {
				natural++
				full, err := s.Find(ctx, l.Issuer, l.Number)
				if err != nil {
					t.Fatal(err)
				}
				for _, secret := range []string{full.Licensee.PersonName, full.Licensee.CitizenID, full.Licensee.BusinessName} {
					if secret != "" && strings.Contains(buf.String(), secret) {
						t.Fatalf("the download holds %q of natural-person licence %s", secret, l.Number)
					}
				}
			}
		}
		if natural == 0 {
			t.Fatal("the sample has no natural-person licensee to check")
		}
	})
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestTableGolden writes varied licences (every type and status, both
// kinds, no coordinates, no expiry, Thai, quotes and commas) in every
// format, through Table's records and through its []any rows, and
// compares the bytes with testdata/table.*.golden, which were written by
// the []any path of main before Table gave records.
func TestTableGolden(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s := openStore(t, engine)
		if _, err := s.Upsert(ctx, "DLA", licencetest.Varied("DLA", 120)); err != nil {
			t.Fatal(err)
		}
		tbl := licence.Table{Store: s, Issuer: "DLA"}
		for _, f := range tabular.Formats {
			path := filepath.Join("testdata", "table"+f.Ext()+".golden")
			got := writeTable(t, f, tbl)
			if *update && engine == sqldb.SQLite {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes differ from %s (%d bytes)", f, len(got), path, len(want))
			}
			if rows := writeTable(t, f, rowsOnly{tbl}); !bytes.Equal(rows, want) {
				t.Errorf("%s from []any rows: %d bytes differ from %s (%d bytes)", f, len(rows), path, len(want))
			}
		}
	})
}

// rowsOnly hides a source's records, so that writers take its []any rows.
type rowsOnly struct{ tabular.Source }

func writeTable(t *testing.T, f tabular.Format, src tabular.Source) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := tabular.Write(ctx, &buf, f, src, nil); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return buf.Bytes()
}
