package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/audit"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// Query returns the events that match f, newest first (by Time, then ID),
// one page at a time. Errors: invalid (a malformed cursor).
func (s *Store) Query(ctx context.Context, f audit.Filter) (audit.Page, error) {
	where, args, err := queryWhere(f)
	if err != nil {
		return audit.Page{}, err
	}
	size := f.PageSize()
	args = append(args, int64(size+1))
	q := `SELECT ` + eventColumns + ` FROM audit_events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(` ORDER BY time_us DESC, id DESC LIMIT $%d`, len(args))
	events, err := sqldb.List(ctx, s.db, scanEvent, q, args...)
	if err != nil {
		return audit.Page{}, fmt.Errorf("query audit events: %w", err)
	}
	var p audit.Page
	if len(events) > size {
		events = events[:size]
		p.Next = audit.CursorAfter(events[size-1]).String()
	}
	p.Events = events
	return p, nil
}

// queryWhere returns the conditions of f and their arguments.
func queryWhere(f audit.Filter) ([]string, []any, error) {
	var where []string
	var args []any
	add := func(cond string, vals ...any) {
		n := make([]any, len(vals))
		for i, v := range vals {
			args = append(args, v)
			n[i] = len(args)
		}
		where = append(where, fmt.Sprintf(cond, n...))
	}
	for _, eq := range []struct{ col, val string }{
		{"agency", f.Agency}, {"dataset", f.Dataset}, {"kind", string(f.Kind)}, {"decision", string(f.Decision)},
	} {
		if eq.val != "" {
			add(eq.col+" = $%d", eq.val)
		}
	}
	if !f.From.IsZero() {
		add("time_us >= $%d", sqldb.Micros(f.From))
	}
	if !f.To.IsZero() {
		add("time_us < $%d", sqldb.Micros(f.To))
	}
	if f.KeyHash != "" {
		add("id IN (SELECT event_id FROM audit_event_keys WHERE key_hash = $%d)", f.KeyHash)
	}
	if f.Cursor != "" {
		c, err := audit.ParseCursor(f.Cursor)
		if err != nil {
			return nil, nil, err
		}
		add("(time_us, id) < ($%d, $%d)", c.TimeMicros, c.ID)
	}
	return where, args, nil
}
