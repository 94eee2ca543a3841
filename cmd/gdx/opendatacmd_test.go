package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
)

// licenceFile writes a CSV of n good DLA licences with bad rows mixed in:
// a date that is not a date, a duplicate number, an unknown status.
func licenceFile(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("licence_number,licence_type,issuer,office,licensee_kind,business_name,juristic_id,province,district,subdistrict,issued_on,expires_on,status\n")
	row := func(num, issued, status string) {
		fmt.Fprintf(&b, "%s,food_shop,DLA,เทศบาลนครเชียงใหม่,juristic,บริษัท ครัวไทย จำกัด,0105562000007,เชียงใหม่,เมืองเชียงใหม่,ศรีภูมิ,%s,2030-12-31,%s\n", num, issued, status)
	}
	for i := range n {
		row(fmt.Sprintf("FS-2567-%06d", i+1), "2024-01-15", "active")
	}
	row("FS-2567-900001", "2024-02-30", "active")
	row("FS-2567-000001", "2024-01-15", "active")
	row("FS-2567-900002", "2024-01-15", "closed")
	path := filepath.Join(t.TempDir(), "dla.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenDataImportReportsBadRowsKeepsGoodOnesAndIsAudited(t *testing.T) {
	env := newOperatorEnv(t, sqldb.SQLite)
	path := licenceFile(t, 50)
	code, out, stderr := runGDX(t, env.args("opendata", "import", "--agency", "dla", path)...)
	if code != 1 {
		t.Fatalf("exit %d, want 1 for rejected rows: %s %s", code, out, stderr)
	}
	for _, want := range []string{"line 52, column issued_on", "line 53, column licence_number", "line 54, column status", "50 inserted", "3 rejected"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runGDX(t, env.args("opendata", "import", "--agency", "DLA", path)...)
	if code != 1 || !strings.Contains(out, "50 unchanged") || !strings.Contains(out, "nothing changed") {
		t.Errorf("re-import: exit %d:\n%s", code, out)
	}
	st, err := openStores(context.Background(), env.url)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := st.licences.Count(context.Background(), "DLA")
	st.Close()
	if n != 50 {
		t.Errorf("%d licences stored, want the 50 good ones", n)
	}
	var imports int
	for _, e := range adminEvents(t, env.url) {
		if e.Action == admin.ActionLicenceImport && e.Target == "licences/DLA" {
			imports++
		}
	}
	if imports != 4 { // attempted and done, twice
		t.Errorf("%d licence.import events, want 4", imports)
	}
	if code, _, stderr := runGDX(t, env.args("opendata", "import", "--agency", "DLA", filepath.Join(t.TempDir(), "x.xlsx"))...); code != 2 || !strings.Contains(stderr, ".csv or .ndjson") {
		t.Errorf("an unknown format: exit %d %s", code, stderr)
	}
}

func TestOpenDataExportWritesAReadableFileOrSaysWhyNot(t *testing.T) {
	env := newOperatorEnv(t, sqldb.SQLite)
	if code, out, stderr := runGDX(t, env.args("opendata", "import", "--agency", "DLA", licenceFile(t, 40))...); code != 1 {
		t.Fatalf("import: %d %s %s", code, out, stderr)
	}
	out := filepath.Join(t.TempDir(), "dla.parquet")
	code, _, stderr := runGDX(t, env.args("opendata", "export", "--dataset", "dla-licences", "--format", "parquet", "--out", out)...)
	if code != 0 || !strings.Contains(stderr, "wrote 40 rows") {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f)
	if err != nil || pf.NumRows() != 40 {
		t.Fatalf("the export is not a 40-row Parquet file: %v", err)
	}
	for _, tc := range []struct{ args, want string }{
		{"--dataset dla-licences --format csv --out /nonexistent/dir/x.csv", "cannot write /nonexistent/dir/x.csv"},
		{"--dataset dla-licences --format xlsx --out x", "unknown format"},
		{"--dataset nobody-licences --format csv --out " + filepath.Join(t.TempDir(), "x.csv"), "has no table"},
	} {
		code, _, stderr := runGDX(t, env.args(append([]string{"opendata", "export"}, strings.Fields(tc.args)...)...)...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("export %s: exit %d, %q; want %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestOpenDataRefreshAndPublish(t *testing.T) {
	env := newOperatorEnv(t, sqldb.SQLite)
	runGDX(t, env.args("opendata", "import", "--agency", "DLA", licenceFile(t, 10))...)
	code, out, stderr := runGDX(t, env.args("opendata", "refresh")...)
	if code != 0 || !strings.Contains(out, "statistics: read") || !strings.Contains(out, "created") {
		t.Fatalf("refresh: exit %d: %s %s", code, out, stderr)
	}
	st, err := openStores(context.Background(), env.url)
	if err != nil {
		t.Fatal(err)
	}
	pkgs, _ := st.opendata.ListPackages(context.Background())
	st.Close()
	names := map[string]bool{}
	for _, p := range pkgs {
		names[p.Name] = p.State == opendata.StateActive
	}
	if !names[licence.PackageName("DLA")] || !names["gdx-exchange-statistics"] {
		t.Fatalf("packages after refresh: %v", names)
	}
	remote := ckantest.New(t, "secret-token")
	remote.SetSchema(ckantest.Core)
	args := env.args("opendata", "publish", "--ckan", remote.URL, "--token", "secret-token")
	if code, out, stderr := runGDX(t, args...); code != 0 || !strings.Contains(out, "created") {
		t.Fatalf("publish: exit %d: %s %s", code, out, stderr)
	}
	if code, out, _ := runGDX(t, args...); code != 0 || !strings.Contains(out, "Nothing changed") {
		t.Errorf("a second publish changed something: exit %d\n%s", code, out)
	}
	other := ckantest.New(t, "secret-token")
	bad := env.args("opendata", "publish", "--ckan", other.URL, "--token", "wrong")
	if code, out, stderr := runGDX(t, bad...); code != 1 || !strings.Contains(out+stderr, "Authorization") || strings.Contains(out+stderr, "secret-token") {
		t.Errorf("a refused token: exit %d: %s %s", code, out, stderr)
	}
}
