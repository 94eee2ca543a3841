package datastore

import (
	"fmt"
	"regexp"
	"slices"
)

// Type is a field's type as CKAN's DataStore names it: PostgreSQL's type
// name of the column (pg_type.typname), which is what datastore_search
// reports and what CKAN's views and clients read.
type Type string

// The field types gdx publishes.
const (
	Text      Type = "text"
	Int       Type = "int8" // BIGINT
	Float     Type = "float8"
	Numeric   Type = "numeric"
	Date      Type = "date"
	Timestamp Type = "timestamp"
	Bool      Type = "bool"
	// idType is what CKAN reports for _id, whatever its storage.
	idType Type = "int"
)

// types are the types a Column may have.
var types = []Type{Text, Int, Float, Numeric, Date, Timestamp, Bool}

// nativeType is the type's name as PostgreSQL's format_type writes it,
// for datastore_info's schema.native_type.
func (t Type) nativeType() string {
	switch t {
	case Int:
		return "bigint"
	case Float:
		return "double precision"
	case Date:
		return "date"
	case Timestamp:
		return "timestamp without time zone"
	case Bool:
		return "boolean"
	case idType:
		return "integer"
	}
	return string(t)
}

// Column is one published field of a table.
type Column struct {
	// Name is the field id clients see and send.
	Name string
	// Expr is the SQL expression that reads the field from Table.From;
	// it is written by gdx, never taken from a request.
	Expr string
	Type Type
	// Label and Notes are the field's data dictionary (CKAN's info).
	Label, Notes string
	// Indexed says that an index serves a filter on the field.
	Indexed bool
}

// Table describes a tabular resource as SQL: every DataStore query on it
// reads From, where Where holds, with only Columns reachable.
//
// NOTE: From, Where, ID, Order and every Column.Expr are SQL text from
// code; request values only ever become parameters.
type Table struct {
	// From is a relation name or a parenthesised subquery with an alias.
	From string
	// Where is the base condition with placeholders $1…$len(Args), or ""
	// for every row.
	Where string
	Args  []any
	// ID is the SQL expression of the stable integer _id.
	ID string
	// Columns are the published fields, in order, without _id.
	Columns []Column
}

// fieldName is what a field name must look like; it keeps even a
// whitelisted name out of SQL trouble.
var fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Validate checks the description: an ID, distinct well-formed names, an
// expression and a known type for every column.
func (t Table) Validate() error {
	if t.From == "" || t.ID == "" {
		return fmt.Errorf("datastore: table needs From and ID")
	}
	seen := map[string]bool{"_id": true}
	for _, c := range t.Columns {
		switch {
		case !fieldName.MatchString(c.Name):
			return fmt.Errorf("datastore: column name %q must be lower-case letters, digits and '_'", c.Name)
		case seen[c.Name]:
			return fmt.Errorf("datastore: column %q appears twice (or is _id)", c.Name)
		case c.Expr == "":
			return fmt.Errorf("datastore: column %q has no expression", c.Name)
		case !slices.Contains(types, c.Type):
			return fmt.Errorf("datastore: column %q has unknown type %q", c.Name, c.Type)
		}
		seen[c.Name] = true
	}
	return nil
}

// fields returns _id and the columns, in the order CKAN lists them.
func (t Table) fields() []Column {
	out := make([]Column, 0, len(t.Columns)+1)
	out = append(out, Column{Name: "_id", Expr: t.ID, Type: idType, Indexed: true})
	return append(out, t.Columns...)
}

// column finds a field by name, _id included.
func (t Table) column(name string) (Column, bool) {
	if name == "_id" {
		return Column{Name: "_id", Expr: t.ID, Type: idType, Indexed: true}, true
	}
	for _, c := range t.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}
