package tabular_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// recordSample gives sample's rows as records, filled from typed values
// rather than converted from sample's []any rows.
type recordSample struct{ n int }

func (s recordSample) Schema() tabular.Schema { return sampleSchema }

func (s recordSample) Each(ctx context.Context, fn func([]any) error) error {
	return tabular.EachAsRows(ctx, s, fn)
}

func (s recordSample) EachRecord(ctx context.Context, fn func(*tabular.Record) error) error {
	r := tabular.NewRecord(len(sampleSchema))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < s.n; i++ {
		r.Strings[0] = fmt.Sprintf("DLA-%07d", i)
		r.Strings[1] = names[i%len(names)]
		r.Ints[2] = int64(i % 500)
		r.Floats[3] = float64(i%1000) + 0.25
		r.Bools[4] = i%3 != 0
		r.Times[5] = base.AddDate(0, 0, i%900)
		r.Times[6] = base.Add(time.Duration(i) * 1500 * time.Microsecond)
		null := i%7 == 3
		r.Null[2], r.Null[3], r.Null[5] = null, null, null
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// TestRecordSourceWritesTheSameBytes holds the record path of every
// writer to the []any path: the same rows (Thai, quotes, commas, line
// breaks, nulls, across batches) give the same file in every format.
func TestRecordSourceWritesTheSameBytes(t *testing.T) {
	for _, f := range tabular.Formats {
		var boxed, typed bytes.Buffer
		a, err := tabular.Write(context.Background(), &boxed, f, sample{n: rows}, nil)
		if err != nil {
			t.Fatalf("%s []any: %v", f, err)
		}
		b, err := tabular.Write(context.Background(), &typed, f, recordSample{n: rows}, nil)
		if err != nil {
			t.Fatalf("%s records: %v", f, err)
		}
		if a != b || !bytes.Equal(boxed.Bytes(), typed.Bytes()) {
			t.Errorf("%s: records wrote %+v, []any rows %+v, and the bytes differ", f, b, a)
		}
	}
}

// TestEachAsRowsGivesTheRowsValues checks a RecordSource's Each against
// the []any rows of the same data.
func TestEachAsRowsGivesTheRowsValues(t *testing.T) {
	var want [][]any
	sample{n: 50}.Each(context.Background(), func(row []any) error {
		want = append(want, append([]any(nil), row...))
		return nil
	})
	i := 0
	err := recordSample{n: 50}.Each(context.Background(), func(row []any) error {
		if !reflect.DeepEqual(row, want[i]) {
			t.Fatalf("row %d: %v, want %v", i, row, want[i])
		}
		i++
		return nil
	})
	if err != nil || i != 50 {
		t.Fatalf("walked %d rows: %v", i, err)
	}
}

// TestDatesAsDateOnly checks the CSV writer's dates against
// time.DateOnly across the years it writes itself and those it leaves
// to AppendFormat.
func TestDatesAsDateOnly(t *testing.T) {
	days := []time.Time{
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(999, 10, 5, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 15, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 1, 23, 0, 0, 0, time.FixedZone("ICT", 7*3600)),
	}
	src := dates(days)
	var buf bytes.Buffer
	if _, err := tabular.Write(context.Background(), &buf, tabular.CSV, src, nil); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffday\r\n"
	for _, d := range days {
		want += d.UTC().Format(time.DateOnly) + "\r\n"
	}
	if buf.String() != want {
		t.Errorf("dates written as\n%q\nwant\n%q", buf.String(), want)
	}
}

type dates []time.Time

func (dates) Schema() tabular.Schema { return tabular.Schema{{Name: "day", Type: tabular.Date}} }

func (d dates) Each(ctx context.Context, fn func([]any) error) error {
	for _, t := range d {
		if err := fn([]any{t}); err != nil {
			return err
		}
	}
	return nil
}
