package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// CreateSession stores a session. Errors: conflict (the hash exists).
func (s *Store) CreateSession(ctx context.Context, sess admin.Session) error {
	_, err := s.db.Exec(ctx, `INSERT INTO admin_sessions (token_hash, steward_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4)`, sess.Hash, sess.StewardID, sqldb.Micros(sess.CreatedAt), sqldb.Micros(sess.ExpiresAt))
	switch {
	case errors.Is(err, sqldb.ErrConflict):
		return catalog.Errorf(catalog.KindConflict, "session exists").Wrap(err)
	case errors.Is(err, sqldb.ErrForeignKey):
		return catalog.Errorf(catalog.KindNotFound, "steward %s not found", sess.StewardID).Wrap(err)
	case err != nil:
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// FindSession returns the session with the token hash. Errors: not found.
func (s *Store) FindSession(ctx context.Context, hash string) (admin.Session, error) {
	var sess admin.Session
	var created, expires int64
	err := s.db.QueryRow(ctx, `SELECT token_hash, steward_id, created_at, expires_at FROM admin_sessions
		WHERE token_hash = $1`, hash).Scan(&sess.Hash, &sess.StewardID, &created, &expires)
	if err != nil {
		return admin.Session{}, sqldb.NotFound(err, "find session", catalog.Errorf(catalog.KindNotFound, "session not found"))
	}
	sess.CreatedAt, sess.ExpiresAt = sqldb.FromMicros(created), sqldb.FromMicros(expires)
	return sess, nil
}

// DeleteSession ends a session; one that is gone is no error.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM admin_sessions WHERE token_hash = $1`, hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired before t.
func (s *Store) DeleteExpiredSessions(ctx context.Context, t time.Time) (int64, error) {
	n, err := s.db.Exec(ctx, `DELETE FROM admin_sessions WHERE expires_at <= $1`, sqldb.Micros(t))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return n, nil
}
