package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
)

const versionColumns = `id, parent, modules, digest, scopes, author, author_agency, author_role, note,
	created_at, status, report, diff, approver, approved_at, activated_at`

// CreateVersion implements policies.VersionStore.
func (s *Store) CreateVersion(ctx context.Context, v policies.Version, kind policies.EventKind) (policies.Version, error) {
	if len(v.Modules) == 0 || v.Status == "" || v.Author.Name == "" {
		return policies.Version{}, catalog.Errorf(catalog.KindInvalid, "a policy version needs modules, a status and an author")
	}
	modules, err := sqldb.EncodeJSON(v.Modules)
	if err != nil {
		return policies.Version{}, fmt.Errorf("store policy version: %w", err)
	}
	report, err := sqldb.EncodeJSON(v.Report)
	if err != nil {
		return policies.Version{}, fmt.Errorf("store policy version: %w", err)
	}
	err = s.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := tx.Lock(ctx, writeLock); err != nil {
			return err
		}
		if v.ID, err = nextID(ctx, tx, "policy_versions"); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO policy_versions (`+versionColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULL)`,
			v.ID, v.Parent, modules, v.Digest, sqldb.EncodeStrings(v.Scopes), v.Author.Name, v.Author.Agency, string(v.Author.Role), v.Note,
			sqldb.Micros(v.CreatedAt), string(v.Status), report, v.Diff, v.Approver, nullTime(v.ApprovedAt))
		if err != nil {
			return fmt.Errorf("insert policy version: %w", err)
		}
		return insertEvent(ctx, tx, policies.Event{Version: v.ID, Kind: kind, Actor: v.Author, At: v.CreatedAt, Note: v.Note})
	})
	if err != nil {
		return policies.Version{}, err
	}
	return s.FindVersion(ctx, v.ID)
}

// FindVersion implements policies.VersionStore.
func (s *Store) FindVersion(ctx context.Context, id int64) (policies.Version, error) {
	row := s.db.QueryRow(ctx, `SELECT `+versionColumns+` FROM policy_versions WHERE id = $1`, id)
	v, err := scanVersion(row)
	if err != nil {
		return policies.Version{}, sqldb.NotFound(err, "find policy version", catalog.Errorf(catalog.KindNotFound, "policy version %s not found", policies.VersionLabel(id)))
	}
	return v, nil
}

// ListVersions implements policies.VersionStore.
func (s *Store) ListVersions(ctx context.Context) ([]policies.Version, error) {
	vs, err := sqldb.List(ctx, s.db, scanVersion, `SELECT `+versionColumns+` FROM policy_versions ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list policy versions: %w", err)
	}
	for i := range vs {
		vs[i].Modules, vs[i].Report, vs[i].Diff = nil, policies.Report{}, ""
	}
	return vs, nil
}

// ActiveVersionID implements policies.VersionStore.
func (s *Store) ActiveVersionID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT version FROM policy_active WHERE slot = 1`).Scan(&id)
	if errors.Is(err, sqldb.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read active policy version: %w", err)
	}
	return id, nil
}

func scanVersion(sc sqldb.Row) (policies.Version, error) {
	var (
		v                       policies.Version
		modules, scopes, report string
		role, status            string
		created                 int64
		approvedAt, activatedAt *int64
	)
	err := sc.Scan(&v.ID, &v.Parent, &modules, &v.Digest, &scopes, &v.Author.Name, &v.Author.Agency, &role, &v.Note,
		&created, &status, &report, &v.Diff, &v.Approver, &approvedAt, &activatedAt)
	if err != nil {
		return policies.Version{}, err
	}
	v.Author.Role, v.Status, v.CreatedAt = policies.Role(role), policies.Status(status), sqldb.FromMicros(created)
	v.ApprovedAt, v.ActivatedAt = timeOf(approvedAt), timeOf(activatedAt)
	if v.Scopes, err = sqldb.DecodeList[string](scopes); err != nil {
		return policies.Version{}, fmt.Errorf("policy version %d scopes: %w", v.ID, err)
	}
	for _, c := range []struct {
		text string
		dst  any
	}{{modules, &v.Modules}, {report, &v.Report}} {
		if err := sqldb.DecodeJSON(c.text, c.dst); err != nil {
			return policies.Version{}, fmt.Errorf("policy version %d: %w", v.ID, err)
		}
	}
	return v, nil
}

func nullTime(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	return sqldb.NullMicros(&t)
}

func timeOf(us *int64) time.Time {
	if t := sqldb.FromNullMicros(us); t != nil {
		return *t
	}
	return time.Time{}
}
