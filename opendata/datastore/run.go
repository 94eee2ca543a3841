package datastore

import (
	"context"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// selectList is the plan's SELECT list.
func (p *plan) selectList() string {
	exprs := make([]string, len(p.cols))
	for i, c := range p.cols {
		exprs[i] = c.Expr
	}
	list := strings.Join(exprs, ", ")
	if p.s.distinct {
		return "DISTINCT " + list
	}
	return list
}

func (p *plan) whereClause() string {
	if len(p.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(p.where, " AND ")
}

// pageSQL returns the query of one page and its parameters.
func (p *plan) pageSQL() (string, []any) {
	args := append([]any(nil), p.args...)
	n := len(args)
	args = append(args, p.s.limit, p.s.offset)
	sql := "SELECT " + p.selectList() + " FROM " + p.t.From + p.whereClause() +
		" ORDER BY " + strings.Join(p.order, ", ") +
		fmt.Sprintf(" LIMIT $%d OFFSET $%d", n+1, n+2)
	return sql, args
}

// countSQL returns the query of the matching total.
func (p *plan) countSQL() string {
	if p.s.distinct {
		return "SELECT count(*) FROM (SELECT " + p.selectList() + " FROM " + p.t.From + p.whereClause() + ") AS d"
	}
	return "SELECT count(*) FROM " + p.t.From + p.whereClause()
}

// rows runs the page query and returns its rows, each value typed by its
// column: string, int64, float64, bool or nil.
func (p *plan) rows(ctx context.Context, db *sqldb.DB) ([][]any, error) {
	sql, args := p.pageSQL()
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("datastore: search: %w", err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		dest := scanTargets(p.cols)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("datastore: read row: %w", err)
		}
		out = append(out, values(dest))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("datastore: search: %w", err)
	}
	return out, nil
}

// total counts the matching rows.
func (p *plan) total(ctx context.Context, db *sqldb.DB) (int64, error) {
	var n int64
	if err := db.QueryRow(ctx, p.countSQL(), p.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("datastore: count: %w", err)
	}
	return n, nil
}

func scanTargets(cols []Column) []any {
	dest := make([]any, len(cols))
	for i, c := range cols {
		switch c.Type {
		case Int, idType:
			dest[i] = new(*int64)
		case Float, Numeric:
			dest[i] = new(*float64)
		case Bool:
			dest[i] = new(*bool)
		default:
			dest[i] = new(*string)
		}
	}
	return dest
}

func values(dest []any) []any {
	out := make([]any, len(dest))
	for i, d := range dest {
		switch d := d.(type) {
		case **int64:
			out[i] = deref(*d)
		case **float64:
			out[i] = deref(*d)
		case **bool:
			out[i] = deref(*d)
		case **string:
			out[i] = deref(*d)
		}
	}
	return out
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
