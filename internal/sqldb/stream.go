package sqldb

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ChangeStream is one open channel of change notices from the database,
// for caches that must drop what another process changed.
type ChangeStream interface {
	// Next waits up to wait for the name of the next changed table. It
	// returns "" and nil when nothing changed within wait and the
	// database still answers, and an error once the stream is broken; the
	// caller then closes it and opens another. A change may be reported
	// more than once, and a table nobody watches may be named.
	Next(ctx context.Context, wait time.Duration) (table string, err error)
	// Close releases the stream's connection.
	Close()
}

// StreamApplicationName is the application_name of the PostgreSQL
// connection a change stream holds, so that operators (and tests) can
// find it in pg_stat_activity.
const StreamApplicationName = "gdx-changes"

// OpenChangeStream opens a change stream. On PostgreSQL it is one
// dedicated connection, outside the pool, that LISTENs on ChangeChannel.
// On SQLite it polls the named change-counter tables (see ChangeChannel)
// every SQLitePollInterval. Changes committed before it opened are not
// reported: a caller (re)opening a stream must drop what it cached.
func (db *DB) OpenChangeStream(ctx context.Context, counters []string) (ChangeStream, error) {
	s, err := db.stream(ctx, counters)
	if err != nil {
		return nil, fmt.Errorf("sqldb: open change stream on %s: %w", db.engine, err)
	}
	return s, nil
}

// pgStream is a connection listening on ChangeChannel.
type pgStream struct{ conn *pgx.Conn }

func openPGStream(ctx context.Context, cfg *pgx.ConnConfig) (ChangeStream, error) {
	cfg = cfg.Copy()
	cfg.RuntimeParams["application_name"] = StreamApplicationName
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, mapErr(err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+ChangeChannel); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, mapErr(err)
	}
	return &pgStream{conn}, nil
}

// Next implements ChangeStream. A quiet wait ends with a ping, so that a
// connection the network silently dropped is found within about 2×wait.
func (s *pgStream) Next(ctx context.Context, wait time.Duration) (string, error) {
	wctx, cancel := context.WithTimeout(ctx, wait)
	n, err := s.conn.WaitForNotification(wctx)
	cancel()
	switch {
	case err == nil:
		return n.Payload, nil
	case ctx.Err() != nil:
		return "", ctx.Err()
	case !errors.Is(wctx.Err(), context.DeadlineExceeded) || s.conn.IsClosed():
		return "", mapErr(err)
	}
	pctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := s.conn.Ping(pctx); err != nil {
		return "", mapErr(err)
	}
	return "", nil
}

// Close implements ChangeStream.
func (s *pgStream) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = s.conn.Close(ctx)
}

// SQLitePollInterval is how often a SQLite change stream reads its
// counters: one small indexed read.
const SQLitePollInterval = 100 * time.Millisecond

// sqliteStream polls change-counter tables and reports the rows whose
// count moved.
type sqliteStream struct {
	q       Querier
	query   string
	last    map[string]int64
	pending []string
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func openSQLiteStream(ctx context.Context, q Querier, counters []string) (ChangeStream, error) {
	if len(counters) == 0 {
		return nil, errors.New("no change-counter tables named")
	}
	parts := make([]string, len(counters))
	for i, c := range counters {
		if !identifier.MatchString(c) {
			return nil, fmt.Errorf("change-counter table %q is not a plain identifier", c)
		}
		parts[i] = "SELECT tbl, n FROM " + c
	}
	s := &sqliteStream{q: q, query: strings.Join(parts, " UNION ALL ")}
	if _, err := s.poll(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// poll reads the counters and returns the tables whose count moved since
// the last poll.
func (s *sqliteStream) poll(ctx context.Context) ([]string, error) {
	rows, err := s.q.Query(ctx, s.query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	now := map[string]int64{}
	var moved []string
	for rows.Next() {
		var tbl string
		var n int64
		if err := rows.Scan(&tbl, &n); err != nil {
			return nil, err
		}
		now[tbl] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for tbl, n := range now {
		if old, ok := s.last[tbl]; s.last != nil && (!ok || old != n) {
			moved = append(moved, tbl)
		}
	}
	s.last = now
	return moved, nil
}

// Next implements ChangeStream.
func (s *sqliteStream) Next(ctx context.Context, wait time.Duration) (string, error) {
	deadline := time.Now().Add(wait)
	for {
		if len(s.pending) > 0 {
			t := s.pending[0]
			s.pending = s.pending[1:]
			return t, nil
		}
		moved, err := s.poll(ctx)
		if err != nil {
			return "", err
		}
		s.pending = moved
		if len(moved) > 0 {
			continue
		}
		left := time.Until(deadline)
		if left <= 0 {
			return "", nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(min(left, SQLitePollInterval)):
		}
	}
}

// Close implements ChangeStream.
func (s *sqliteStream) Close() {}
