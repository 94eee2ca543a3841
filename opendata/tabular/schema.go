package tabular

import (
	"context"
	"fmt"
	"time"
)

// Type is a column's type, the small set every output format can say.
type Type int

// The column types. A row's value for a column is, by type: string;
// int64; float64; bool; time.Time (Date: the day in UTC); or nil for null.
const (
	String Type = iota
	Int
	Float
	Bool
	Date
	Timestamp
)

// String names the type as CKAN's DataStore does.
func (t Type) String() string {
	switch t {
	case String:
		return "text"
	case Int:
		return "int"
	case Float:
		return "float"
	case Bool:
		return "bool"
	case Date:
		return "date"
	case Timestamp:
		return "timestamp"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

// Frictionless is the type's name in a Frictionless Table Schema.
func (t Type) Frictionless() string {
	switch t {
	case Int:
		return "integer"
	case Float:
		return "number"
	case Bool:
		return "boolean"
	case Date:
		return "date"
	case Timestamp:
		return "datetime"
	}
	return "string"
}

// Column is one column of a resource.
type Column struct {
	Name        string
	Type        Type
	Description string
}

// Schema is the ordered columns of a resource.
type Schema []Column

// Source is a tabular resource that can be read from the start.
type Source interface {
	// Schema is the columns every row holds, in order.
	Schema() Schema
	// Each calls fn with every row in a stable order. The row slice is
	// reused between calls: fn must not keep it. An error from fn stops
	// the walk and is returned.
	Each(ctx context.Context, fn func(row []any) error) error
}

// Version identifies a resource's content: it changes whenever a row
// does. Downloads derive their ETag and Last-Modified from it.
type Version struct {
	Modified time.Time // the last change; zero for a resource never written
	Rows     int64
}

// checkValue reports whether v is a value of type t (nil is always one).
func checkValue(t Type, v any) error {
	if v == nil {
		return nil
	}
	ok := false
	switch t {
	case String:
		_, ok = v.(string)
	case Int:
		_, ok = v.(int64)
	case Float:
		_, ok = v.(float64)
	case Bool:
		_, ok = v.(bool)
	case Date, Timestamp:
		_, ok = v.(time.Time)
	}
	if !ok {
		return fmt.Errorf("value %v (%T) is not of column type %s", v, v, t)
	}
	return nil
}
