package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/policies"
)

// ApproveVersion implements policies.VersionStore.
func (s *Store) ApproveVersion(ctx context.Context, id int64, by policies.Actor, at time.Time) error {
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		status, author, err := lockVersion(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case author == by.Name:
			return catalog.Errorf(catalog.KindForbidden, "%s wrote %s and may not approve it", by.Name,
				policies.VersionLabel(id)).WithReason("self_approval")
		case status != policies.StatusTested:
			return conflict("%s is %s; only a tested version can be approved", policies.VersionLabel(id), status)
		}
		if _, err := tx.Exec(ctx, `UPDATE policy_versions SET status = $2, approver = $3, approved_at = $4 WHERE id = $1`,
			id, string(policies.StatusApproved), by.Name, sqldb.Micros(at)); err != nil {
			return fmt.Errorf("approve policy version: %w", err)
		}
		return insertEvent(ctx, tx, policies.Event{Version: id, Kind: policies.EventApproved, Actor: by, At: at})
	})
}

// RejectVersion implements policies.VersionStore.
func (s *Store) RejectVersion(ctx context.Context, id int64, by policies.Actor, note string, at time.Time) error {
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		status, _, err := lockVersion(ctx, tx, id)
		if err != nil {
			return err
		}
		if status != policies.StatusTested && status != policies.StatusFailed {
			return conflict("%s is %s; only a tested or failed version can be rejected", policies.VersionLabel(id), status)
		}
		if err := setStatus(ctx, tx, id, policies.StatusRejected); err != nil {
			return err
		}
		return insertEvent(ctx, tx, policies.Event{Version: id, Kind: policies.EventRejected, Actor: by, At: at, Note: note})
	})
}

// activatable lists the statuses each kind of activation starts from.
var activatable = map[policies.EventKind][]policies.Status{
	policies.EventActivated:    {policies.StatusApproved},
	policies.EventBootstrapped: {policies.StatusApproved},
	policies.EventRolledBack:   {policies.StatusSuperseded},
}

// ActivateVersion implements policies.VersionStore: in one transaction it
// checks that a.Expect is still active and the version's status allows
// the switch, supersedes the active version, activates the new one, moves
// the pointer and records the event.
func (s *Store) ActivateVersion(ctx context.Context, a policies.Activation) error {
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		status, _, err := lockVersion(ctx, tx, a.Version)
		if err != nil {
			return err
		}
		if err := checkActivation(ctx, tx, a, status); err != nil {
			return err
		}
		if a.Expect != 0 {
			if err := setStatus(ctx, tx, a.Expect, policies.StatusSuperseded); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE policy_versions SET status = $2, activated_at = $3 WHERE id = $1`,
			a.Version, string(policies.StatusActive), sqldb.Micros(a.At)); err != nil {
			return fmt.Errorf("activate policy version: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO policy_active (slot, version, changed_at) VALUES (1, $1, $2)
			ON CONFLICT (slot) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at`,
			a.Version, sqldb.Micros(a.At)); err != nil {
			return fmt.Errorf("move active policy pointer: %w", err)
		}
		return insertEvent(ctx, tx, policies.Event{Version: a.Version, Kind: a.Kind, Actor: a.By, At: a.At, Note: a.Note})
	})
}

func checkActivation(ctx context.Context, tx sqldb.Tx, a policies.Activation, status policies.Status) error {
	allowed, ok := activatable[a.Kind]
	if !ok {
		return catalog.Errorf(catalog.KindInvalid, "unknown activation kind %q", a.Kind)
	}
	if !slices.Contains(allowed, status) {
		return conflict("%s is %s and cannot be %s", policies.VersionLabel(a.Version), status, a.Kind)
	}
	var cur int64
	err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM policy_active WHERE slot = 1`).Scan(&cur)
	if err != nil {
		return fmt.Errorf("read active policy version: %w", err)
	}
	if cur != a.Expect {
		return conflict("%s is active now, not %s; draft again on the active version",
			policies.VersionLabel(cur), policies.VersionLabel(a.Expect)).WithReason("policy_stale")
	}
	return nil
}

// lockVersion takes the workflow lock and reads a version's status and
// author.
func lockVersion(ctx context.Context, tx sqldb.Tx, id int64) (policies.Status, string, error) {
	if err := tx.Lock(ctx, writeLock); err != nil {
		return "", "", err
	}
	var status, author string
	err := tx.QueryRow(ctx, `SELECT status, author FROM policy_versions WHERE id = $1`, id).Scan(&status, &author)
	if err != nil {
		return "", "", sqldb.NotFound(err, "read policy version", catalog.Errorf(catalog.KindNotFound, "policy version %s not found", policies.VersionLabel(id)))
	}
	return policies.Status(status), author, nil
}

func setStatus(ctx context.Context, tx sqldb.Tx, id int64, status policies.Status) error {
	if _, err := tx.Exec(ctx, `UPDATE policy_versions SET status = $2 WHERE id = $1`, id, string(status)); err != nil {
		return fmt.Errorf("set policy version status: %w", err)
	}
	return nil
}

func insertEvent(ctx context.Context, tx sqldb.Tx, e policies.Event) error {
	id, err := nextID(ctx, tx, "policy_events")
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO policy_events (id, version, kind, actor, actor_agency, actor_role, at, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		id, e.Version, string(e.Kind), e.Actor.Name, e.Actor.Agency, string(e.Actor.Role), sqldb.Micros(e.At), e.Note)
	if err != nil {
		return fmt.Errorf("record policy event: %w", err)
	}
	return nil
}

// Events implements policies.VersionStore.
func (s *Store) Events(ctx context.Context, version int64) ([]policies.Event, error) {
	evs, err := sqldb.List(ctx, s.db, scanEvent, `SELECT id, version, kind, actor, actor_agency, actor_role, at, note
		FROM policy_events WHERE $1 = 0 OR version = $1 ORDER BY id`, version)
	if err != nil {
		return nil, fmt.Errorf("list policy events: %w", err)
	}
	return evs, nil
}

func scanEvent(sc sqldb.Row) (policies.Event, error) {
	var (
		e          policies.Event
		kind, role string
		at         int64
	)
	if err := sc.Scan(&e.ID, &e.Version, &kind, &e.Actor.Name, &e.Actor.Agency, &role, &at, &e.Note); err != nil {
		return policies.Event{}, err
	}
	e.Kind, e.Actor.Role, e.At = policies.EventKind(kind), policies.Role(role), sqldb.FromMicros(at)
	return e, nil
}
