package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata"
)

// syncLock serialises Sync across processes sharing a PostgreSQL, so that
// timestamps are handed out in commit order.
const syncLock = "gdx:opendata_packages"

// prepared is a package ready to store: its dict without state and
// timestamps, and that dict's hash.
type prepared struct {
	id, name, dict, hash string
}

// stored is what Sync needs of a stored row.
type stored struct {
	source, name, state, hash string
}

// Sync makes the source's stored packages equal to pkgs. A new or changed
// package gets a fresh metadata_modified, strictly greater than every
// stored one (and never on a whole second, so that CKAN's isoformat always
// shows six digits); an unchanged one keeps its timestamps; a stored
// package of the source missing from pkgs becomes deleted. Errors:
// invalid (a package fails Validate, an id or name is listed twice or
// belongs to another source's package), unavailable, internal.
func (s *Store) Sync(ctx context.Context, source string, pkgs []opendata.Package) (opendata.SyncResult, error) {
	batch, err := prepare(pkgs)
	if err != nil {
		return opendata.SyncResult{}, err
	}
	var res opendata.SyncResult
	err = s.db.InTx(ctx, func(tx sqldb.Tx) error {
		if err := tx.Lock(ctx, syncLock); err != nil {
			return err
		}
		have, last, err := readStored(ctx, tx)
		if err != nil {
			return err
		}
		w := &writer{tx: tx, source: source, have: have, last: last, now: s.now}
		res, err = w.apply(ctx, batch)
		return err
	})
	if err != nil {
		return opendata.SyncResult{}, fmt.Errorf("sync open-data source %s: %w", source, err)
	}
	return res, nil
}

func prepare(pkgs []opendata.Package) ([]prepared, error) {
	out := make([]prepared, 0, len(pkgs))
	ids, names := map[string]bool{}, map[string]bool{}
	for _, p := range pkgs {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		if ids[p.ID] || names[p.Name] {
			return nil, catalog.Errorf(catalog.KindInvalid, "package %s (%s) is listed twice", p.Name, p.ID)
		}
		ids[p.ID], names[p.Name] = true, true
		p.Normalize()
		p.Stamp(opendata.Time{}, opendata.Time{}, "")
		b, err := json.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("encode package %s: %w", p.Name, err)
		}
		sum := sha256.Sum256(b)
		out = append(out, prepared{id: p.ID, name: p.Name, dict: string(b), hash: hex.EncodeToString(sum[:])})
	}
	return out, nil
}

func readStored(ctx context.Context, tx sqldb.Tx) (map[string]stored, int64, error) {
	rows, err := tx.Query(ctx, `SELECT id, source, name, state, content_hash, metadata_modified FROM opendata_packages`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	have := map[string]stored{}
	var last int64
	for rows.Next() {
		var (
			id string
			st stored
			m  int64
		)
		if err := rows.Scan(&id, &st.source, &st.name, &st.state, &st.hash, &m); err != nil {
			return nil, 0, err
		}
		have[id], last = st, max(last, m)
	}
	return have, last, rows.Err()
}

// writer applies one Sync inside its transaction.
type writer struct {
	tx     sqldb.Tx
	source string
	have   map[string]stored
	last   int64 // greatest metadata_modified handed out, in µs
	now    func() time.Time
}

// next returns a metadata_modified greater than every earlier one.
func (w *writer) next() int64 {
	t := max(sqldb.Micros(w.now()), w.last+1)
	if t%1_000_000 == 0 {
		t++ // NOTE: Python's isoformat drops a zero fraction; never hand one out.
	}
	w.last = t
	return t
}

func (w *writer) apply(ctx context.Context, batch []prepared) (opendata.SyncResult, error) {
	var res opendata.SyncResult
	seen := make(map[string]bool, len(batch))
	for _, p := range batch {
		seen[p.id] = true
		old, exists := w.have[p.id]
		switch {
		case exists && old.source != w.source:
			return res, catalog.Errorf(catalog.KindInvalid, "package %s belongs to source %s", p.id, old.source)
		case exists && old.hash == p.hash && old.state == opendata.StateActive:
			res.Unchanged++
			continue
		case exists:
			res.Updated++
		default:
			res.Created++
		}
		if err := w.put(ctx, p, exists); err != nil {
			return res, err
		}
	}
	n, err := w.deleteMissing(ctx, seen)
	res.Deleted = n
	return res, err
}

func (w *writer) put(ctx context.Context, p prepared, exists bool) error {
	if err := w.freeName(ctx, p); err != nil {
		return err
	}
	t := w.next()
	var err error
	if exists {
		_, err = w.tx.Exec(ctx, `UPDATE opendata_packages SET name = $2, state = $3, dict = $4, content_hash = $5,
			metadata_modified = $6 WHERE id = $1`, p.id, p.name, opendata.StateActive, p.dict, p.hash, t)
	} else {
		_, err = w.tx.Exec(ctx, `INSERT INTO opendata_packages (id, name, source, state, dict, content_hash,
			metadata_created, metadata_modified) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
			p.id, p.name, w.source, opendata.StateActive, p.dict, p.hash, t)
	}
	if errors.Is(err, sqldb.ErrConflict) {
		return catalog.Errorf(catalog.KindInvalid, "package name %s is taken by another package", p.name).Wrap(err)
	}
	return err
}

// freeName makes a deleted package give its name up to p (another source
// may publish the dataset now): it is renamed NAME~ID, in its column and
// its dict, and keeps its id, by which it is still refused as deleted.
func (w *writer) freeName(ctx context.Context, p prepared) error {
	var id, dict string
	err := w.tx.QueryRow(ctx, `SELECT id, dict FROM opendata_packages WHERE name = $1 AND id <> $2 AND state = $3`,
		p.name, p.id, opendata.StateDeleted).Scan(&id, &dict)
	if errors.Is(err, sqldb.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	var old opendata.Package
	if err := json.Unmarshal([]byte(dict), &old); err != nil {
		return fmt.Errorf("read deleted package %s: %w", id, err)
	}
	old.Name = p.name + "~" + id
	b, err := json.Marshal(old)
	if err != nil {
		return err
	}
	_, err = w.tx.Exec(ctx, `UPDATE opendata_packages SET name = $2, dict = $3 WHERE id = $1`, id, old.Name, string(b))
	return err
}

func (w *writer) deleteMissing(ctx context.Context, seen map[string]bool) (int, error) {
	var gone []string
	for id, old := range w.have {
		if old.source == w.source && !seen[id] && old.state != opendata.StateDeleted {
			gone = append(gone, id)
		}
	}
	slices.Sort(gone)
	n := 0
	for _, id := range gone {
		if _, err := w.tx.Exec(ctx, `UPDATE opendata_packages SET state = $2, metadata_modified = $3 WHERE id = $1`,
			id, opendata.StateDeleted, w.next()); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
