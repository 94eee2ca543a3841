package sqlstore

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/citizen"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the citizen view's table and its migrations.
var Schema = sqldb.NewSchema("citizen", migrationFiles)

// Migrate brings the citizen view's table up to date; see
// sqldb.Schema.Migrate.
func Migrate(ctx context.Context, db *sqldb.DB) error { return Schema.Migrate(ctx, db) }

// Store is a citizen.SessionStore on one database.
type Store struct {
	db  *sqldb.DB
	now func() time.Time
}

var _ citizen.SessionStore = (*Store)(nil)

// New returns a Store on a migrated db whose clock (for clearing expired
// sessions) is now; nil means time.Now.
func New(db *sqldb.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// stored is a session's JSON column: every field but Expires, which has
// a column of its own.
type stored struct {
	State    string `json:"state,omitempty"`
	Nonce    string `json:"nonce,omitempty"`
	Verifier string `json:"verifier,omitempty"`
	KeyHash  string `json:"key_hash,omitempty"`
	Masked   string `json:"masked,omitempty"`
	Name     string `json:"name,omitempty"`
	IAL      string `json:"ial,omitempty"`
	AAL      string `json:"aal,omitempty"`
	CSRF     string `json:"csrf,omitempty"`
}

// PutSession implements citizen.SessionStore: it stores s under key,
// replacing what was there, after clearing the expired sessions.
func (s *Store) PutSession(ctx context.Context, key string, sess citizen.Session) error {
	text, err := sqldb.EncodeJSON(stored{State: sess.State, Nonce: sess.Nonce, Verifier: sess.Verifier,
		KeyHash: sess.KeyHash, Masked: sess.Masked, Name: sess.Name, IAL: sess.IAL, AAL: sess.AAL, CSRF: sess.CSRF})
	if err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM citizen_sessions WHERE expires_us <= $1`, sqldb.Micros(s.now())); err != nil {
		return unavailable("clear expired sessions", err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO citizen_sessions (key, expires_us, session) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET expires_us = excluded.expires_us, session = excluded.session`,
		key, sqldb.Micros(sess.Expires), text)
	if err != nil {
		return unavailable("store a session", err)
	}
	return nil
}

// FindSession implements citizen.SessionStore: a session that expired by
// now is not found.
func (s *Store) FindSession(ctx context.Context, key string, now time.Time) (citizen.Session, error) {
	var (
		expires int64
		text    string
	)
	err := s.db.QueryRow(ctx, `SELECT expires_us, session FROM citizen_sessions WHERE key = $1 AND expires_us > $2`,
		key, sqldb.Micros(now)).Scan(&expires, &text)
	switch {
	case errors.Is(err, sqldb.ErrNoRows):
		return citizen.Session{}, catalog.Errorf(catalog.KindNotFound, "no such session")
	case err != nil:
		return citizen.Session{}, unavailable("read a session", err)
	}
	var st stored
	if err := json.Unmarshal([]byte(text), &st); err != nil {
		return citizen.Session{}, fmt.Errorf("citizen session: %w", err)
	}
	return citizen.Session{Expires: sqldb.FromMicros(expires), State: st.State, Nonce: st.Nonce, Verifier: st.Verifier,
		KeyHash: st.KeyHash, Masked: st.Masked, Name: st.Name, IAL: st.IAL, AAL: st.AAL, CSRF: st.CSRF}, nil
}

// DeleteSession implements citizen.SessionStore.
func (s *Store) DeleteSession(ctx context.Context, key string) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM citizen_sessions WHERE key = $1`, key); err != nil {
		return unavailable("delete a session", err)
	}
	return nil
}

// unavailable is a failed session read or write: the page says try again.
func unavailable(what string, err error) error {
	return catalog.Errorf(catalog.KindUnavailable, "the sign-in store is unavailable; try again shortly").
		Wrap(fmt.Errorf("citizen sessions: %s: %w", what, err))
}
