package sqlstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

const stewardColumns = `id, agency, username, display_name, roles, password_hash, disabled, created_at,
	failed_logins, locked_until`

// CreateSteward stores a new account, assigning its ID when empty.
// Errors: invalid, conflict (the username is taken).
func (s *Store) CreateSteward(ctx context.Context, st admin.Steward) (admin.Steward, error) {
	if err := st.Validate(); err != nil {
		return admin.Steward{}, err
	}
	if st.ID == "" {
		st.ID = newStewardID()
	}
	if st.CreatedAt.IsZero() {
		st.CreatedAt = time.Now()
	}
	st.CreatedAt = sqldb.FromMicros(sqldb.Micros(st.CreatedAt))
	st.FailedLogins, st.LockedUntil = 0, time.Time{}
	roles, err := sqldb.EncodeList(st.Roles)
	if err != nil {
		return admin.Steward{}, fmt.Errorf("create steward %s: %w", st.Username, err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO admin_stewards (`+stewardColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0)`, st.ID, st.Agency, st.Username, st.DisplayName,
		roles, st.PasswordHash, st.Disabled, sqldb.Micros(st.CreatedAt))
	if errors.Is(err, sqldb.ErrConflict) {
		return admin.Steward{}, catalog.Errorf(catalog.KindConflict, "username %s is taken", st.Username).Wrap(err)
	}
	if err != nil {
		return admin.Steward{}, fmt.Errorf("create steward %s: %w", st.Username, err)
	}
	return st, nil
}

// FindSteward returns the account with the id. Errors: not found.
func (s *Store) FindSteward(ctx context.Context, id string) (admin.Steward, error) {
	return findSteward(ctx, s.db, "id", id)
}

// FindStewardByUsername returns the account with the username. Errors:
// not found.
func (s *Store) FindStewardByUsername(ctx context.Context, username string) (admin.Steward, error) {
	return findSteward(ctx, s.db, "username", username)
}

// findSteward reads one account by a unique column (id or username).
func findSteward(ctx context.Context, q sqldb.Querier, column, value string) (admin.Steward, error) {
	st, err := scanSteward(q.QueryRow(ctx, `SELECT `+stewardColumns+` FROM admin_stewards WHERE `+column+` = $1`, value))
	if err != nil {
		return admin.Steward{}, sqldb.NotFound(err, "find steward", catalog.Errorf(catalog.KindNotFound, "steward %s not found", value))
	}
	return st, nil
}

// ListStewards returns the agency's accounts, or all for "", ordered by
// agency and username.
func (s *Store) ListStewards(ctx context.Context, agency string) ([]admin.Steward, error) {
	rows, err := s.db.Query(ctx, `SELECT `+stewardColumns+` FROM admin_stewards WHERE $1 = '' OR agency = $1`, agency)
	if err != nil {
		return nil, fmt.Errorf("list stewards: %w", err)
	}
	defer rows.Close()
	var out []admin.Steward
	for rows.Next() {
		st, err := scanSteward(rows)
		if err != nil {
			return nil, fmt.Errorf("list stewards: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list stewards: %w", err)
	}
	// NOTE: sorted here, not by ORDER BY, so both engines give byte order.
	slices.SortFunc(out, func(a, b admin.Steward) int {
		return cmp.Or(cmp.Compare(a.Agency, b.Agency), cmp.Compare(a.Username, b.Username))
	})
	return out, nil
}

// SetPassword replaces the hash, clears failures and lockout, and ends the
// account's sessions. Errors: invalid, not found.
func (s *Store) SetPassword(ctx context.Context, id, hash string) error {
	if err := admin.CheckHash(hash); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		n, err := tx.Exec(ctx, `UPDATE admin_stewards SET password_hash = $2, failed_logins = 0, locked_until = 0
			WHERE id = $1`, id, hash)
		if err := mustChange(n, err, "set password", "steward "+id); err != nil {
			return err
		}
		return endSessions(ctx, tx, id)
	})
}

// SetDisabled disables or enables the account; disabling ends its
// sessions. Errors: not found.
func (s *Store) SetDisabled(ctx context.Context, id string, disabled bool) error {
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		n, err := tx.Exec(ctx, `UPDATE admin_stewards SET disabled = $2 WHERE id = $1`, id, disabled)
		if err := mustChange(n, err, "disable steward", "steward "+id); err != nil || !disabled {
			return err
		}
		return endSessions(ctx, tx, id)
	})
}

func endSessions(ctx context.Context, tx sqldb.Tx, id string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM admin_sessions WHERE steward_id = $1`, id); err != nil {
		return fmt.Errorf("end sessions of steward %s: %w", id, err)
	}
	return nil
}

// LoginFailed counts a failure and locks the account when the count
// reaches l.MaxFailures.
//
// NOTE: one UPDATE computes the new count and the lock from the row as it
// stands, so concurrent failures each count: PostgreSQL re-evaluates the
// expressions on the latest row version, and SQLite runs one writer.
func (s *Store) LoginFailed(ctx context.Context, id string, at time.Time, l admin.Lockout) (admin.Steward, error) {
	var st admin.Steward
	err := s.db.InTx(ctx, func(tx sqldb.Tx) error {
		n, err := tx.Exec(ctx, `UPDATE admin_stewards SET
			failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
			locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
			WHERE id = $1`, id, int64(l.MaxFailures), sqldb.Micros(at.Add(l.Duration)))
		if err := mustChange(n, err, "count failed login", "steward "+id); err != nil {
			return err
		}
		st, err = findSteward(ctx, tx, "id", id)
		return err
	})
	return st, err
}

// LoginSucceeded clears the failure count. Errors: not found.
func (s *Store) LoginSucceeded(ctx context.Context, id string) error {
	n, err := s.db.Exec(ctx, `UPDATE admin_stewards SET failed_logins = 0 WHERE id = $1`, id)
	return mustChange(n, err, "clear failed logins", "steward "+id)
}

func scanSteward(row sqldb.Row) (admin.Steward, error) {
	var (
		st                   admin.Steward
		roles                string
		created, lockedUntil int64
		failed               int64
	)
	err := row.Scan(&st.ID, &st.Agency, &st.Username, &st.DisplayName, &roles, &st.PasswordHash, &st.Disabled,
		&created, &failed, &lockedUntil)
	if err != nil {
		return admin.Steward{}, err
	}
	if st.Roles, err = sqldb.DecodeList[admin.Role](roles); err != nil {
		return admin.Steward{}, fmt.Errorf("steward %s: roles: %w", st.Username, err)
	}
	st.CreatedAt, st.FailedLogins = sqldb.FromMicros(created), int(failed)
	if lockedUntil != 0 {
		st.LockedUntil = sqldb.FromMicros(lockedUntil)
	}
	return st, nil
}

// newStewardID returns "st-" and 12 random hex digits.
func newStewardID() string {
	b := make([]byte, 6)
	rand.Read(b) // never fails since Go 1.24
	return "st-" + hex.EncodeToString(b)
}
