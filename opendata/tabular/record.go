package tabular

import (
	"context"
	"time"
)

// Record is one row with its values in typed slots: column i's value is
// Strings[i], Ints[i], Floats[i], Bools[i] or Times[i] (Date and
// Timestamp) as its type says, unless Null[i]. A column's other slots are
// not read. Every writer works on Records, so that a row is written the
// same whichever way its source gives it.
type Record struct {
	Null    []bool
	Strings []string
	Ints    []int64
	Floats  []float64
	Bools   []bool
	Times   []time.Time
}

// NewRecord returns a Record with slots for n columns.
func NewRecord(n int) *Record {
	return &Record{
		Null: make([]bool, n), Strings: make([]string, n), Ints: make([]int64, n),
		Floats: make([]float64, n), Bools: make([]bool, n), Times: make([]time.Time, n),
	}
}

// Value returns column i, of type t, as a Source row holds it: string,
// int64, float64, bool, time.Time, or nil for null.
func (r *Record) Value(i int, t Type) any {
	if r.Null[i] {
		return nil
	}
	switch t {
	case Int:
		return r.Ints[i]
	case Float:
		return r.Floats[i]
	case Bool:
		return r.Bools[i]
	case Date, Timestamp:
		return r.Times[i]
	}
	return r.Strings[i]
}

// RecordSource is a Source that can also give its rows as Records, which
// the writers read without a value boxed in an interface (boxing was a
// fifth to a quarter of the CPU of the licence export). A writer uses
// EachRecord when its source has it; Each and EachRecord must give the
// same rows.
type RecordSource interface {
	Source
	// EachRecord calls fn with every row in Each's order. The record is
	// reused between calls: fn must not keep it. An error from fn stops
	// the walk and is returned.
	EachRecord(ctx context.Context, fn func(*Record) error) error
}

// EachAsRows walks a RecordSource's records as Source rows, for its Each.
func EachAsRows(ctx context.Context, src RecordSource, fn func(row []any) error) error {
	schema := src.Schema()
	row := make([]any, len(schema))
	return src.EachRecord(ctx, func(r *Record) error {
		for i, c := range schema {
			row[i] = r.Value(i, c.Type)
		}
		return fn(row)
	})
}

// walkRecords walks src as Records: its own, or its rows checked against
// the schema and put in a Record.
func walkRecords(ctx context.Context, src Source, fn func(*Record) error) error {
	if rs, ok := src.(RecordSource); ok {
		return rs.EachRecord(ctx, fn)
	}
	schema := src.Schema()
	r := NewRecord(len(schema))
	var n int64
	return src.Each(ctx, func(row []any) error {
		for i, c := range schema {
			if err := r.set(i, c.Type, row[i]); err != nil {
				return rowError(n, c, err)
			}
		}
		n++
		return fn(r)
	})
}

// set puts v, a value of a column of type t, in slot i.
func (r *Record) set(i int, t Type, v any) error {
	if err := checkValue(t, v); err != nil {
		return err
	}
	r.Null[i] = v == nil
	switch v := v.(type) {
	case string:
		r.Strings[i] = v
	case int64:
		r.Ints[i] = v
	case float64:
		r.Floats[i] = v
	case bool:
		r.Bools[i] = v
	case time.Time:
		r.Times[i] = v
	}
	return nil
}
