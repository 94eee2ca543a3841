package tabular

import (
	"context"
	"fmt"
	"io"
	"time"

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

// eachRecord builds Arrow records of up to batchRows rows from src and
// hands each to fn, releasing it afterwards.
func eachRecord(ctx context.Context, src Source, progress Progress, fn func(arrow.RecordBatch) error) (int64, error) {
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
	err := src.Each(ctx, func(row []any) error {
		for i, c := range schema {
			if err := appendArrow(b.Field(i), c.Type, row[i]); err != nil {
				return rowError(n, c, err)
			}
		}
		n++
		inBatch++
		if inBatch == batchRows {
			return emit()
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

func appendArrow(b array.Builder, t Type, v any) error {
	if err := checkValue(t, v); err != nil {
		return err
	}
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.Int64Builder:
		b.Append(v.(int64))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Date32Builder:
		b.Append(arrow.Date32FromTime(v.(time.Time).UTC()))
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(v.(time.Time).UnixMicro()))
	default:
		return fmt.Errorf("no Arrow builder for %T", b)
	}
	return nil
}

// writeArrow writes the Arrow IPC file format (the .arrow file that
// DuckDB, pandas and Arrow's own readers open); each batch is one record.
func writeArrow(ctx context.Context, w io.Writer, src Source, progress Progress) (int64, error) {
	fw, err := ipc.NewFileWriter(w, ipc.WithSchema(ArrowSchema(src.Schema())), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return 0, err
	}
	n, err := eachRecord(ctx, src, progress, fw.Write)
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
	n, err := eachRecord(ctx, src, progress, fw.Write)
	if err != nil {
		fw.Close()
		return n, err
	}
	return n, fw.Close()
}
