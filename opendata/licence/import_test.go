package licence_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
	"github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
)

var ctx = context.Background()

func openStore(t testing.TB, engine string) *sqlstore.Store {
	t.Helper()
	db := sqldbtest.Open(t, engine)
	if err := sqlstore.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	return sqlstore.New(db)
}

// edit changes one column of a licence's import record.
func edit(l licence.Licence, col, value string) []string {
	rec := licence.ImportRecord(l)
	rec[slices.Index(licence.Columns(), col)] = value
	return rec
}

// badRow is a row that must be rejected, with the column it is rejected for.
type badRow struct {
	rec    []string
	column string
	reason string // a part of the reason
}

func badRows() []badRow {
	j := func(n int) licence.Licence { return licencetest.Juristic("DLA", n) }
	n := licencetest.Natural("DLA", 900)
	wrongCheck := licencetest.JuristicID(901)
	wrongCheck = wrongCheck[:12] + string('0'+(wrongCheck[12]-'0'+1)%10)
	return []badRow{
		{edit(j(901), licence.ColJuristicID, wrongCheck), licence.ColJuristicID, "check digit"},
		{edit(n, licence.ColCitizenID, "1234"), licence.ColCitizenID, "13 digits"},
		{edit(j(902), licence.ColIssuedOn, "2024-02-30"), licence.ColIssuedOn, "not a calendar date"},
		{edit(j(903), licence.ColExpiresOn, "next year"), licence.ColExpiresOn, "not a date"},
		{edit(j(904), licence.ColStatus, "pending"), licence.ColStatus, "unknown status"},
		{edit(j(905), licence.ColType, "casino"), licence.ColType, "unknown licence type"},
		{edit(j(906), licence.ColIssuer, "DOPA"), licence.ColIssuer, "only its own licences"},
		{edit(j(907), licence.ColBusinessName, "\xc3\xe9\xd2\xb9"), licence.ColBusinessName, "not UTF-8"}, // ร้าน in TIS-620
		{edit(j(908), licence.ColProvince, "Atlantis"), licence.ColProvince, "77 provinces"},
		{edit(j(909), licence.ColExpiresOn, "2020-01-01"), licence.ColExpiresOn, "before it was issued"},
		{edit(j(910), licence.ColLicenseeKind, ""), licence.ColLicenseeKind, "required"},
		{edit(j(1), licence.ColOffice, "another office"), licence.ColNumber, "first on line 2"}, // duplicate of the first good row
		{licence.ImportRecord(j(911))[:5], "", "fields"},
	}
}

// mixedCSV returns a file with good rows 0..good-1 and the bad rows
// spread among them, and the line of every bad row.
func mixedCSV(t testing.TB, good int, bom bool) ([]byte, []int) {
	t.Helper()
	var buf bytes.Buffer
	if bom {
		buf.WriteString("\uFEFF")
	}
	w := csv.NewWriter(&buf)
	must(t, w.Write(licence.Columns()))
	bad, lines := badRows(), []int{}
	line := 1
	for i := range good {
		l := licencetest.Juristic("DLA", i+1)
		if i%3 == 1 {
			l = licencetest.Natural("DLA", i+1)
		}
		must(t, w.Write(licence.ImportRecord(l)))
		line++
		if b := i - 1; b >= 0 && b < len(bad) {
			must(t, w.Write(bad[b].rec))
			line++
			lines = append(lines, line)
		}
	}
	w.Flush()
	return buf.Bytes(), lines
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestImportKeepsGoodRowsAndReportsBadOnes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		s := openStore(t, engine)
		const good = 2500 // three batches
		file, lines := mixedCSV(t, good, true)
		var progress []licence.Progress
		rep, err := licence.Import(ctx, s, "DLA", bytes.NewReader(file), licence.FormatCSV,
			func(p licence.Progress) { progress = append(progress, p) })
		must(t, err)
		bad := badRows()
		if rep.Rows != good+len(bad) || rep.Inserted != good || rep.Rejected != len(bad) || !rep.Changed() {
			t.Fatalf("report = %s, want %d rows, %d inserted, %d rejected", rep.Summary(), good+len(bad), good, len(bad))
		}
		checkProblems(t, rep.Problems, bad, lines)
		if n, _ := s.Count(ctx, "DLA"); n != good {
			t.Errorf("stored %d licences, want %d", n, good)
		}
		if len(progress) != 3 || progress[2].Rows != rep.Rows || progress[2].Bytes != int64(len(file)) {
			t.Errorf("progress = %+v, want 3 reports ending at %d rows and %d bytes", progress, rep.Rows, len(file))
		}

		again, err := licence.Import(ctx, s, "DLA", bytes.NewReader(file), licence.FormatCSV, nil)
		must(t, err)
		if again.Changed() || again.Unchanged != good || again.Rejected != len(bad) || !strings.Contains(again.Summary(), "nothing changed") {
			t.Errorf("re-import = %s, want %d unchanged and nothing changed", again.Summary(), good)
		}
	})
}

func checkProblems(t testing.TB, got []licence.Problem, want []badRow, lines []int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d problems, want %d: %v", len(got), len(want), got)
	}
	for i, p := range got {
		w := want[i]
		if p.Line != lines[i] || p.Column != w.column || !strings.Contains(p.Reason, w.reason) {
			t.Errorf("problem %d = %s; want line %d, column %q, reason with %q", i, p, lines[i], w.column, w.reason)
		}
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	s := openStore(t, "sqlite")
	header := strings.Join(licence.Columns(), ",")
	row := strings.Join(licence.ImportRecord(licencetest.Juristic("DLA", 1)), ",")
	cases := []struct {
		name, file string
		format     licence.Format
		column     string
		reason     string
	}{
		{"empty", "", licence.FormatCSV, "", "empty"},
		{"missing column", strings.Replace(header, ",status", "", 1) + "\n", licence.FormatCSV, licence.ColStatus, "missing"},
		{"unknown column", header + ",colour\n" + row + ",red\n", licence.FormatCSV, "colour", "unknown column"},
		{"column twice", header + ",status\n", licence.FormatCSV, licence.ColStatus, "twice"},
		{"JSON array", "  [{}]", licence.FormatNDJSON, "", "JSON array"},
		{"unknown format", row, "xlsx", "", "unknown format"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := licence.Import(ctx, s, "DLA", strings.NewReader(c.file), c.format, nil)
			if !catalog.IsKind(err, catalog.KindInvalid) {
				t.Fatalf("error = %v, want invalid", err)
			}
			if len(rep.Problems) == 0 || rep.Problems[0].Column != c.column || !strings.Contains(rep.Problems[0].Reason, c.reason) {
				t.Errorf("problems = %v, want column %q with %q", rep.Problems, c.column, c.reason)
			}
		})
	}
	if n, _ := s.Count(ctx, ""); n != 0 {
		t.Errorf("refused files stored %d licences", n)
	}
}

func TestImportNDJSON(t *testing.T) {
	s := openStore(t, "sqlite")
	obj := func(l licence.Licence, extra map[string]any) string {
		m := map[string]any{}
		for i, c := range licence.Columns() {
			if v := licence.ImportRecord(l)[i]; v != "" {
				m[c] = v
			}
		}
		m[licence.ColLatitude], m[licence.ColLongitude] = 18.79, 98.98 // numbers are accepted
		for k, v := range extra {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	lines := []string{
		obj(licencetest.Juristic("DLA", 1), nil),
		"",
		obj(licencetest.Natural("DLA", 2), nil),
		obj(licencetest.Juristic("DLA", 3), map[string]any{"colour": "red"}),
		obj(licencetest.Juristic("DLA", 4), map[string]any{licence.ColStatus: true}),
		obj(licencetest.Juristic("DLA", 5), map[string]any{licence.ColStatus: nil}),
		`{"licence_number": "X-1", `,
		"{\"licence_number\": \"\xc3\xe9\"}",
	}
	rep, err := licence.Import(ctx, s, "DLA", strings.NewReader(strings.Join(lines, "\n")), licence.FormatNDJSON, nil)
	must(t, err)
	want := []licence.Problem{
		{Line: 4, Column: "colour"}, {Line: 5, Column: licence.ColStatus}, {Line: 6, Column: licence.ColStatus},
		{Line: 7}, {Line: 8},
	}
	if rep.Inserted != 2 || rep.Rejected != 5 || len(rep.Problems) != len(want) {
		t.Fatalf("report = %s, problems %v", rep.Summary(), rep.Problems)
	}
	for i, p := range rep.Problems {
		if p.Line != want[i].Line || p.Column != want[i].Column {
			t.Errorf("problem %d = %s, want line %d column %q", i, p, want[i].Line, want[i].Column)
		}
	}
	l, err := s.Find(ctx, "DLA", "T-000001")
	must(t, err)
	if l.Location.Lat == nil || *l.Location.Lat != 18.79 {
		t.Errorf("latitude = %v, want 18.79", l.Location.Lat)
	}
}

func TestImportCountsProblemsBeyondTheCap(t *testing.T) {
	s := openStore(t, "sqlite")
	var b strings.Builder
	b.WriteString(strings.Join(licence.Columns(), ",") + "\n")
	const rows = licence.MaxProblems + 5
	for i := range rows {
		b.WriteString(strings.Join(edit(licencetest.Juristic("DLA", i), licence.ColStatus, "?"), ",") + "\n")
	}
	rep, err := licence.Import(ctx, s, "DLA", strings.NewReader(b.String()), licence.FormatCSV, nil)
	must(t, err)
	if rep.Rejected != rows || len(rep.Problems) != licence.MaxProblems || rep.ProblemsOmitted != 5 {
		t.Errorf("rejected %d, listed %d, omitted %d; want %d, %d, 5", rep.Rejected, len(rep.Problems), rep.ProblemsOmitted, rows, licence.MaxProblems)
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]licence.Format{"a.csv": licence.FormatCSV, "A.CSV": licence.FormatCSV,
		"b.ndjson": licence.FormatNDJSON, "b.jsonl": licence.FormatNDJSON, "b.json": licence.FormatNDJSON, "c.xlsx": ""} {
		if got, ok := licence.FormatOf(name); got != want || ok != (want != "") {
			t.Errorf("FormatOf(%q) = %q, %v", name, got, ok)
		}
	}
	if n := len(licence.Columns()); n != 17 {
		t.Errorf("%d columns: update numColumns", n)
	}
}

func TestWriteCSVRoundTrips(t *testing.T) {
	var buf bytes.Buffer
	must(t, licence.WriteCSV(&buf, licence.DemoLicences(licence.DemoConfig{Count: 3000})))
	s := openStore(t, "sqlite")
	for _, issuer := range []string{licence.DemoDLA, licence.DemoDIW, licence.DemoDOPA, licence.DemoFDA} {
		rep, err := licence.Import(ctx, s, issuer, bytes.NewReader(buf.Bytes()), licence.FormatCSV, nil)
		must(t, err)
		// Every other issuer's rows are refused: an agency imports only its own.
		if rep.Inserted == 0 || rep.Inserted+rep.Rejected != 3000 {
			t.Errorf("%s: %s", issuer, rep.Summary())
		}
	}
	n, err := s.Count(ctx, "")
	must(t, err)
	seeded := openStore(t, "sqlite")
	_, err = licence.SeedDemoWith(ctx, seeded, licence.DemoConfig{Count: 3000})
	must(t, err)
	for l := range licence.DemoLicences(licence.DemoConfig{Count: 3000}) {
		a, errA := s.Find(ctx, l.Issuer, l.Number)
		b, errB := seeded.Find(ctx, l.Issuer, l.Number)
		must(t, errA)
		must(t, errB)
		a.History, b.History, a.Created, a.Modified = nil, nil, b.Created, b.Modified
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("imported %+v\nseeded   %+v", a, b)
		}
	}
	if n != 3000 {
		t.Errorf("imported %d licences, want 3000", n)
	}
}
