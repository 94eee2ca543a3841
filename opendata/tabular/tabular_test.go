package tabular_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/gdx-exchange/gdx/internal/foreigntest"
	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// sample is a generated resource with every type, Thai text, nulls and the
// characters that break naive writers (quotes, commas, newlines).
type sample struct{ n int }

var sampleSchema = tabular.Schema{
	{Name: "licence_no", Type: tabular.String, Description: "เลขที่ใบอนุญาต"},
	{Name: "business_name", Type: tabular.String},
	{Name: "employees", Type: tabular.Int},
	{Name: "area_sqm", Type: tabular.Float},
	{Name: "active", Type: tabular.Bool},
	{Name: "issued", Type: tabular.Date},
	{Name: "modified", Type: tabular.Timestamp},
}

func (s sample) Schema() tabular.Schema { return sampleSchema }

func (s sample) Each(ctx context.Context, fn func([]any) error) error {
	row := make([]any, len(sampleSchema))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < s.n; i++ {
		row[0] = fmt.Sprintf("DLA-%07d", i)
		row[1] = names[i%len(names)]
		row[2] = int64(i % 500)
		row[3] = float64(i%1000) + 0.25
		row[4] = i%3 != 0
		row[5] = base.AddDate(0, 0, i%900)
		row[6] = base.Add(time.Duration(i) * 1500 * time.Microsecond)
		if i%7 == 3 {
			row[2], row[3], row[5] = nil, nil, nil
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

var names = []string{"ร้านอาหารครัวคุณยาย", `Somchai "Best" Noodles, Ltd.`, "บริษัท ก่อสร้างไทย จำกัด\nสาขา 2", "Hotel Ayutthaya", ""}

// want renders row i of the sample as strings, the way text readers give it
// back: "" and nil are both "no value" in CSV.
func want(i int) []string {
	var out []string
	sample{n: i + 1}.Each(context.Background(), func(row []any) error {
		out = out[:0]
		for c, v := range row {
			out = append(out, string(textOf(sampleSchema[c].Type, v)))
		}
		return nil
	})
	return out
}

func textOf(t tabular.Type, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case time.Time:
		if t == tabular.Date {
			return v.Format(time.DateOnly)
		}
		return v.UTC().Format(time.RFC3339Nano)
	case float64:
		return fmt.Sprint(v)
	}
	return fmt.Sprint(v)
}

func write(t *testing.T, f tabular.Format, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "licences"+f.Ext())
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := tabular.Write(context.Background(), out, f, sample{n: n}, nil)
	if err != nil {
		t.Fatalf("write %s: %v", f, err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	if st.Rows != int64(n) || st.Bytes == 0 {
		t.Fatalf("write %s: stats %+v for %d rows", f, st, n)
	}
	return path
}

// rows is enough to span several batches and a partial last one.
const rows = 70_000

func TestCSVHasBOMAndRoundTripsInDuckDB(t *testing.T) {
	path := write(t, tabular.CSV, rows)
	raw, _ := os.ReadFile(path)
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbflicence_no,business_name,")) {
		t.Fatalf("CSV starts %q: want the BOM and the header", raw[:40])
	}
	tab := foreigntest.ReadTable(t, "csv", path)
	compareStrings(t, "DuckDB csv", tab)
}

func TestParquetReadByArrowGoAndDuckDB(t *testing.T) {
	path := write(t, tabular.Parquet, rows)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := pf.NumRows(); got != rows {
		t.Fatalf("parquet footer says %d rows, want %d", got, rows)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 4096}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	compareArrowTable(t, "arrow-go parquet", tbl)

	tab := foreigntest.ReadTable(t, "parquet", path)
	if tab.Columns[5].Type != "DATE" || tab.Columns[2].Type != "BIGINT" {
		t.Errorf("DuckDB types %+v: want issued DATE, employees BIGINT", tab.Columns)
	}
	if len(tab.Rows) != rows {
		t.Fatalf("DuckDB read %d rows, want %d", len(tab.Rows), rows)
	}
	for _, i := range []int{0, 1, 3, rows - 1} {
		if got, w := deref(tab.Rows[i][1]), want(i)[1]; got != w {
			t.Errorf("DuckDB row %d business_name %q, want %q", i, got, w)
		}
		if got, w := deref(tab.Rows[i][5]), want(i)[5]; got != w {
			t.Errorf("DuckDB row %d issued %q, want %q", i, got, w)
		}
	}
}

func TestArrowReadByArrowGoAndArrowJS(t *testing.T) {
	path := write(t, tabular.Arrow, rows)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f, ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var recs []arrow.RecordBatch
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatal(err)
		}
		rec.Retain() // the reader releases it on the next call
		recs = append(recs, rec)
	}
	tbl := array.NewTableFromRecords(r.Schema(), recs)
	defer tbl.Release()
	compareArrowTable(t, "arrow-go ipc", tbl)
	if md := r.Schema().Field(0).Metadata; md.FindKey("description") < 0 {
		t.Errorf("column description lost from Arrow metadata: %v", md)
	}

	tab := foreigntest.ReadTable(t, "arrow", path)
	if len(tab.Rows) != rows {
		t.Fatalf("Arrow JS read %d rows, want %d", len(tab.Rows), rows)
	}
	for _, i := range []int{0, 2, 3, rows - 1} {
		if got, w := deref(tab.Rows[i][0]), want(i)[0]; got != w {
			t.Errorf("Arrow JS row %d licence_no %q, want %q", i, got, w)
		}
		if got, w := deref(tab.Rows[i][1]), want(i)[1]; got != w {
			t.Errorf("Arrow JS row %d business_name %q, want %q", i, got, w)
		}
	}
}

func TestJSONIsAnArrayOfObjects(t *testing.T) {
	path := write(t, tabular.JSON, 1000)
	raw, _ := os.ReadFile(path)
	var got []map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(got) != 1000 {
		t.Fatalf("%d objects, want 1000", len(got))
	}
	if got[2]["business_name"] != names[2] || got[3]["employees"] != nil || got[4]["employees"] != float64(4) {
		t.Errorf("rows 2-4: %v %v %v", got[2], got[3], got[4])
	}
	if got[0]["issued"] != "2024-01-01" || got[0]["active"] != false {
		t.Errorf("row 0: %v", got[0])
	}
	empty := write(t, tabular.JSON, 0)
	raw, _ = os.ReadFile(empty)
	if strings.TrimSpace(string(raw)) != "[\n]" && strings.TrimSpace(string(raw)) != "[]" {
		if err := json.Unmarshal(raw, &got); err != nil || len(got) != 0 {
			t.Errorf("empty resource wrote %q", raw)
		}
	}
}

type badSource struct{}

func (badSource) Schema() tabular.Schema { return tabular.Schema{{Name: "n", Type: tabular.Int}} }
func (badSource) Each(ctx context.Context, fn func([]any) error) error {
	if err := fn([]any{int64(1)}); err != nil {
		return err
	}
	return fn([]any{"two"})
}

func TestAValueOfTheWrongTypeNamesRowAndColumn(t *testing.T) {
	for _, f := range tabular.Formats {
		_, err := tabular.Write(context.Background(), io.Discard, f, badSource{}, nil)
		if err == nil || !strings.Contains(err.Error(), "row 2, column n") {
			t.Errorf("%s: error %v, want one naming row 2, column n", f, err)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]tabular.Format{"CSV": tabular.CSV, " parquet": tabular.Parquet, "Arrow": tabular.Arrow, "json": tabular.JSON} {
		if got, err := tabular.ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := tabular.ParseFormat("xlsx"); err == nil || !strings.Contains(err.Error(), "csv, json, parquet, arrow") {
		t.Errorf("ParseFormat(xlsx) error %v", err)
	}
}

// TestMemoryStaysFlat writes a million rows in every format and checks
// that the live heap never grows with the row count.
func TestMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short: writes a million rows per format")
	}
	for _, f := range tabular.Formats {
		peak := peakHeap(t, func() {
			if _, err := tabular.Write(context.Background(), io.Discard, f, sample{n: 1_000_000}, nil); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: 1,000,000 rows, peak heap in use %.1f MiB", f, float64(peak)/(1<<20))
		if peak > 64<<20 {
			t.Errorf("%s: heap reached %d MiB for a million rows; the writer is buffering", f, peak>>20)
		}
	}
}

func peakHeap(t *testing.T, fn func()) uint64 {
	t.Helper()
	runtime.GC()
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var max uint64
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > max {
				max = ms.HeapInuse
			}
			select {
			case <-done:
				peak <- max
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	return <-peak
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func compareStrings(t *testing.T, reader string, tab foreigntest.Table) {
	t.Helper()
	if len(tab.Columns) != len(sampleSchema) {
		t.Fatalf("%s: columns %+v", reader, tab.Columns)
	}
	if len(tab.Rows) != rows {
		t.Fatalf("%s: %d rows, want %d", reader, len(tab.Rows), rows)
	}
	i := 0
	sample{n: rows}.Each(context.Background(), func(row []any) error {
		for c := range row {
			if got, w := deref(tab.Rows[i][c]), textOf(sampleSchema[c].Type, row[c]); got != w {
				t.Fatalf("%s: row %d column %s = %q, want %q", reader, i, sampleSchema[c].Name, got, w)
			}
		}
		i++
		return nil
	})
}

func compareArrowTable(t *testing.T, reader string, tbl arrow.Table) {
	t.Helper()
	if tbl.NumRows() != rows || int(tbl.NumCols()) != len(sampleSchema) {
		t.Fatalf("%s: %d rows × %d columns", reader, tbl.NumRows(), tbl.NumCols())
	}
	tr := array.NewTableReader(tbl, 10_000)
	defer tr.Release()
	i := 0
	var expect [][]any
	sample{n: rows}.Each(context.Background(), func(row []any) error {
		expect = append(expect, append([]any(nil), row...))
		return nil
	})
	for tr.Next() {
		rec := tr.RecordBatch()
		for r := 0; r < int(rec.NumRows()); r++ {
			for c := range sampleSchema {
				col := rec.Column(c)
				if w := expect[i][c]; (w == nil) != col.IsNull(r) {
					t.Fatalf("%s: row %d column %d null=%v, want %v", reader, i, c, col.IsNull(r), w == nil)
				}
			}
			if got := rec.Column(1).(*array.String).Value(r); got != expect[i][1] {
				t.Fatalf("%s: row %d business_name %q, want %q", reader, i, got, expect[i][1])
			}
			if got := rec.Column(6).(*array.Timestamp).Value(r); int64(got) != expect[i][6].(time.Time).UnixMicro() {
				t.Fatalf("%s: row %d modified %d", reader, i, got)
			}
			i++
		}
	}
	if i != rows {
		t.Fatalf("%s: iterated %d rows", reader, i)
	}
}
