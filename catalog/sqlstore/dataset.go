package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/sqldb"
)

const datasetColumns = `id, owner, title_th, title_en, description_th, description_en, classification,
	fields, key_kind, ial, aal, license, tags, update_frequency, connector`

// PutDataset creates or replaces a dataset. Errors: invalid (also for an
// owner that is not a registered agency).
func (s *Store) PutDataset(ctx context.Context, d catalog.Dataset) error {
	defer s.db.Changed(TableDatasets) // harmless when the write failed
	if err := d.Validate(); err != nil {
		return err
	}
	args, err := datasetArgs(d)
	if err != nil {
		return fmt.Errorf("put dataset %s: %w", d.ID, err)
	}
	return s.db.InTx(ctx, func(tx sqldb.Tx) error {
		if ok, err := agencyExists(ctx, tx, d.Owner); err != nil {
			return fmt.Errorf("put dataset %s: %w", d.ID, err)
		} else if !ok {
			return ownerNotRegistered(d, nil)
		}
		_, err := tx.Exec(ctx, upsertDataset, args...)
		if errors.Is(err, sqldb.ErrForeignKey) {
			return ownerNotRegistered(d, err)
		}
		if err != nil {
			return fmt.Errorf("put dataset %s: %w", d.ID, err)
		}
		return nil
	})
}

const upsertDataset = `INSERT INTO datasets (` + datasetColumns + `)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
	ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, title_th = excluded.title_th,
		title_en = excluded.title_en, description_th = excluded.description_th,
		description_en = excluded.description_en, classification = excluded.classification,
		fields = excluded.fields, key_kind = excluded.key_kind, ial = excluded.ial, aal = excluded.aal,
		license = excluded.license, tags = excluded.tags, update_frequency = excluded.update_frequency,
		connector = excluded.connector`

func ownerNotRegistered(d catalog.Dataset, cause error) error {
	return catalog.Errorf(catalog.KindInvalid, "dataset %s: owner %s is not a registered agency", d.ID, d.Owner).Wrap(cause)
}

// datasetArgs returns the dataset's column values in datasetColumns order.
func datasetArgs(d catalog.Dataset) ([]any, error) {
	fields, err := sqldb.EncodeList(d.Fields)
	if err != nil {
		return nil, err
	}
	tags, err := sqldb.EncodeList(d.Tags)
	if err != nil {
		return nil, err
	}
	return []any{d.ID, d.Owner, d.TitleTH, d.TitleEN, d.DescriptionTH, d.DescriptionEN,
		string(d.Classification), fields, string(d.KeyKind), string(d.IAL), string(d.AAL),
		d.License, tags, d.UpdateFrequency, d.Connector}, nil
}

// FindDataset returns the dataset with the id. Errors: not found.
func (s *Store) FindDataset(ctx context.Context, id string) (catalog.Dataset, error) {
	return findDataset(ctx, s.db, id)
}

func findDataset(ctx context.Context, q sqldb.Querier, id string) (catalog.Dataset, error) {
	d, err := scanDataset(q.QueryRow(ctx, `SELECT `+datasetColumns+` FROM datasets WHERE id = $1`, id))
	if err != nil {
		return catalog.Dataset{}, sqldb.NotFound(err, "find dataset "+id, catalog.Errorf(catalog.KindNotFound, "dataset %s not found", id))
	}
	return d, nil
}

// ListDatasets returns the datasets matching the filter ordered by id.
func (s *Store) ListDatasets(ctx context.Context, f catalog.DatasetFilter) ([]catalog.Dataset, error) {
	q := `SELECT ` + datasetColumns + ` FROM datasets`
	var args []any
	if f.Owner != "" {
		q += ` WHERE owner = $1`
		args = append(args, f.Owner)
	}
	ds, err := sqldb.List(ctx, s.db, scanDataset, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list datasets: %w", err)
	}
	sortByKey(ds, func(d catalog.Dataset) string { return d.ID })
	return ds, nil
}

func scanDataset(row sqldb.Row) (catalog.Dataset, error) {
	var (
		d                                  catalog.Dataset
		class, fields, key, ial, aal, tags string
	)
	err := row.Scan(&d.ID, &d.Owner, &d.TitleTH, &d.TitleEN, &d.DescriptionTH, &d.DescriptionEN, &class,
		&fields, &key, &ial, &aal, &d.License, &tags, &d.UpdateFrequency, &d.Connector)
	if err != nil {
		return catalog.Dataset{}, err
	}
	d.Classification, d.KeyKind = catalog.Classification(class), catalog.KeyKind(key)
	d.IAL, d.AAL = catalog.IAL(ial), catalog.AAL(aal)
	if d.Fields, err = sqldb.DecodeList[catalog.Field](fields); err != nil {
		return catalog.Dataset{}, fmt.Errorf("dataset %s fields: %w", d.ID, err)
	}
	if d.Tags, err = sqldb.DecodeList[string](tags); err != nil {
		return catalog.Dataset{}, fmt.Errorf("dataset %s tags: %w", d.ID, err)
	}
	return d, nil
}
