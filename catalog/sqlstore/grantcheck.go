package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// validateShape checks the grant on its own, before anything is looked up,
// by validating it against a stand-in dataset that has exactly the fields
// the grant names: every rule of catalog.Grant.Validate applies except
// those that need the real dataset.
func validateShape(g catalog.Grant) error {
	stand := catalog.Dataset{ID: g.Dataset}
	for _, name := range append(append([]string{}, g.Fields...), g.Unmasked...) {
		if _, ok := stand.Field(name); !ok {
			stand.Fields = append(stand.Fields, catalog.Field{Name: name})
		}
	}
	return g.Validate(stand)
}

// checkGrant checks g against the catalog inside tx: its dataset, fields,
// consumer and purposes exist, and no other live grant of the same
// consumer and dataset overlaps it.
//
// NOTE: the lock makes the overlap check and the write that follows atomic
// against concurrent grants for the same consumer and dataset.
func checkGrant(ctx context.Context, tx sqldb.Tx, g catalog.Grant) error {
	if err := tx.Lock(ctx, "catalog.grants:"+g.Consumer+"/"+g.Dataset); err != nil {
		return fmt.Errorf("lock grants %s→%s: %w", g.Consumer, g.Dataset, err)
	}
	for _, check := range []func(context.Context, sqldb.Tx, catalog.Grant) error{
		checkGrantDataset, checkGrantConsumer, checkGrantPurposes, checkGrantOverlap,
	} {
		if err := check(ctx, tx, g); err != nil {
			return err
		}
	}
	return nil
}

func checkGrantDataset(ctx context.Context, tx sqldb.Tx, g catalog.Grant) error {
	d, err := findDataset(ctx, tx, g.Dataset)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return invalidGrant(g, "dataset %s is not in the catalog", g.Dataset)
	}
	if err != nil {
		return err
	}
	return g.Validate(d)
}

func checkGrantConsumer(ctx context.Context, tx sqldb.Tx, g catalog.Grant) error {
	ok, err := agencyExists(ctx, tx, g.Consumer)
	if err != nil {
		return err
	}
	if !ok {
		return invalidGrant(g, "consumer %s is not a registered agency", g.Consumer)
	}
	return nil
}

func checkGrantPurposes(ctx context.Context, tx sqldb.Tx, g catalog.Grant) error {
	for _, code := range g.Purposes {
		_, err := findPurpose(ctx, tx, code)
		if catalog.IsKind(err, catalog.KindNotFound) {
			return invalidGrant(g, "purpose %s is not registered", code)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkGrantOverlap(ctx context.Context, tx sqldb.Tx, g catalog.Grant) error {
	others, err := sqldb.List(ctx, tx, scanGrant, `SELECT `+grantColumns+` FROM grants
		WHERE consumer = $1 AND dataset = $2 AND id <> $3`, g.Consumer, g.Dataset, g.ID)
	if err != nil {
		return fmt.Errorf("grants of %s→%s: %w", g.Consumer, g.Dataset, err)
	}
	for _, o := range others {
		if g.Overlaps(o) {
			return catalog.Errorf(catalog.KindConflict,
				"grant %s→%s overlaps live grant %s (%s, valid %s to %s)", g.Consumer, g.Dataset,
				o.ID, o.Status, o.ValidFrom.Format(time.RFC3339), o.ValidTo.Format(time.RFC3339))
		}
	}
	return nil
}

func invalidGrant(g catalog.Grant, format string, args ...any) error {
	return catalog.Errorf(catalog.KindInvalid, "grant %s→%s: %s", g.Consumer, g.Dataset, fmt.Sprintf(format, args...))
}
