package tabular

import (
	"context"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// ArrowSchema is the Arrow schema of s: every column nullable, dates as
// date32, timestamps as microseconds in UTC, descriptions as field
// metadata.
func ArrowSchema(s Schema) *arrow.Schema {
	fields := make([]arrow.Field, len(s))
	for i, c := range s {
		var md arrow.Metadata
		if c.Description != "" {
			md = arrow.NewMetadata([]string{"description"}, []string{c.Description})
		}
		fields[i] = arrow.Field{Name: c.Name, Type: arrowType(c.Type), Nullable: true, Metadata: md}
	}
	return arrow.NewSchema(fields, nil)
}

func arrowType(t Type) arrow.DataType {
	switch t {
	case Int:
		return arrow.PrimitiveTypes.Int64
	case Float:
		return arrow.PrimitiveTypes.Float64
	case Bool:
		return arrow.FixedWidthTypes.Boolean
	case Date:
		return arrow.FixedWidthTypes.Date32
	case Timestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	}
	return arrow.BinaryTypes.String
}

// eachBatch builds Arrow records of up to batchRows rows from src and
// hands each to fn, releasing it afterwards. After a full batch the
// builders reserve room for another like it, rather than grow a power of
// two at a time and copy what they hold each time (a sixth of an Arrow
// export's CPU).
func eachBatch(ctx context.Context, src Source, progress Progress, fn func(arrow.RecordBatch) error) (int64, error) {
	schema := src.Schema()
	b := array.NewRecordBuilder(memory.DefaultAllocator, ArrowSchema(schema))
	defer b.Release()
	var n, inBatch int64
	emit := func() error {
		rec := b.NewRecordBatch()
		defer rec.Release()
		inBatch = 0
		report(n, progress)
		return fn(rec)
	}
	fields := b.Fields()
	err := walkRecords(ctx, src, func(r *Record) error {
		for i, c := range schema {
			appendArrow(fields[i], c.Type, r, i)
		}
		n++
		inBatch++
		if inBatch == batchRows {
			data := dataLens(fields)
			if err := emit(); err != nil {
				return err
			}
			reserve(b, data)
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if inBatch > 0 || n == 0 {
		return n, emit()
	}
	return n, nil
}

// dataLens returns the bytes each string builder holds (0 for the other
// builders).
func dataLens(fields []array.Builder) []int {
	data := make([]int, len(fields))
	for i, f := range fields {
		if sb, ok := f.(*array.StringBuilder); ok {
			data[i] = sb.DataLen()
		}
	}
	return data
}

// reserve makes room in b for batchRows rows and, in its string
// builders, for the bytes of data.
func reserve(b *array.RecordBuilder, data []int) {
	b.Reserve(batchRows)
	for i, f := range b.Fields() {
		if sb, ok := f.(*array.StringBuilder); ok {
			sb.ReserveData(data[i])
		}
	}
}

// appendArrow appends column i of r, of type t, to b, the builder of
// ArrowSchema's type for t.
func appendArrow(b array.Builder, t Type, r *Record, i int) {
	if r.Null[i] {
		b.AppendNull()
		return
	}
	switch t {
	case Int:
		b.(*array.Int64Builder).Append(r.Ints[i])
	case Float:
		b.(*array.Float64Builder).Append(r.Floats[i])
	case Bool:
		b.(*array.BooleanBuilder).Append(r.Bools[i])
	case Date:
		b.(*array.Date32Builder).Append(arrow.Date32FromTime(r.Times[i].UTC()))
	case Timestamp:
		b.(*array.TimestampBuilder).Append(arrow.Timestamp(r.Times[i].UnixMicro()))
	default:
		b.(*array.StringBuilder).Append(r.Strings[i])
	}
}

// writeArrow writes the Arrow IPC file format (the .arrow file that
// DuckDB, pandas and Arrow's own readers open); each batch is one record.
func writeArrow(ctx context.Context, w io.Writer, src Source, progress Progress) (int64, error) {
	fw, err := ipc.NewFileWriter(w, ipc.WithSchema(ArrowSchema(src.Schema())), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return 0, err
	}
	n, err := eachBatch(ctx, src, progress, fw.Write)
	if err != nil {
		return n, err
	}
	return n, fw.Close()
}

// writeParquet writes Parquet with one row group per batch, Snappy
// compressed, so the writer holds at most one row group in memory.
func writeParquet(ctx context.Context, w io.Writer, src Source, progress Progress) (int64, error) {
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Snappy),
		parquet.WithMaxRowGroupLength(batchRows),
		parquet.WithCreatedBy("gdx"),
	)
	fw, err := pqarrow.NewFileWriter(ArrowSchema(src.Schema()), w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return 0, err
	}
	n, err := eachBatch(ctx, src, progress, fw.Write)
	if err != nil {
		fw.Close()
		return n, err
	}
	return n, fw.Close()
}
