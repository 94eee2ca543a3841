package sqlstore

import (
	"strconv"
	"strings"
	"sync"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// inserter writes a batch's INSERTs. On PostgreSQL each table's rows go
// in one statement whatever the batch's size, as column arrays unnested
// (INSERT … SELECT * FROM unnest($1::text[], $2::bigint[], …)): one
// execution, one shape for pgx to prepare. Elsewhere, or for a column of
// another type, they go as VALUES lists in chunks of chunkSize.
type inserter struct {
	arrays bool // PostgreSQL's unnest
	chunk  int  // at most this many rows per VALUES INSERT of events and riding rows
}

// rows appends the statements inserting len(args)/ncols rows of the
// columns, args holding each row's values in column order, every
// statement ending with suffix (an ON CONFLICT clause). limit bounds the
// rows of one VALUES INSERT.
func (in inserter) rows(stmts []sqldb.Stmt, table, columns string, ncols int, args []any, limit int, suffix string) []sqldb.Stmt {
	if len(args) == 0 {
		return stmts
	}
	if in.arrays {
		if arrays, types, ok := columnArrays(args, ncols); ok {
			return append(stmts, sqldb.Stmt{SQL: unnestInsert(table, columns, types) + suffix, Args: arrays})
		}
	}
	for len(args) > 0 {
		n := chunkSize(len(args)/ncols, limit)
		stmts = append(stmts, sqldb.Stmt{SQL: multiInsert(table, columns, ncols, n) + suffix, Args: args[: n*ncols : n*ncols]})
		args = args[n*ncols:]
	}
	return stmts
}

// columnArrays turns rows of values (row-major, ncols each) into one
// typed array per column and its SQL array type, if every column holds
// only strings, only int64s or only bools.
func columnArrays(args []any, ncols int) ([]any, []string, bool) {
	arrays, types := make([]any, ncols), make([]string, ncols)
	for c := range ncols {
		ok := false
		switch args[c].(type) {
		case string:
			arrays[c], ok = gather[string](args, ncols, c)
			types[c] = "text[]"
		case int64:
			arrays[c], ok = gather[int64](args, ncols, c)
			types[c] = "bigint[]"
		case bool:
			arrays[c], ok = gather[bool](args, ncols, c)
			types[c] = "boolean[]"
		}
		if !ok {
			return nil, nil, false
		}
	}
	return arrays, types, true
}

// gather returns column c of the rows as a []T, if every value is a T.
func gather[T any](args []any, ncols, c int) (any, bool) {
	a := make([]T, len(args)/ncols)
	for r := range a {
		v, ok := args[r*ncols+c].(T)
		if !ok {
			return nil, false
		}
		a[r] = v
	}
	return a, true
}

// unnestInsert returns the INSERT of the columns from arrays of the given
// SQL types; the texts are kept, one per table and column types.
func unnestInsert(table, columns string, types []string) string {
	key := table + "\x00" + columns + "\x00" + strings.Join(types, ",")
	if q, ok := unnestTexts.Load(key); ok {
		return q.(string)
	}
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + columns + ") SELECT * FROM unnest(")
	for i, t := range types {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(i+1) + "::" + t)
	}
	b.WriteByte(')')
	unnestTexts.Store(key, b.String())
	return b.String()
}

var unnestTexts sync.Map // table, columns and types → statement text
