package main

import (
	"context"
	"fmt"

	auditsql "github.com/gdx-exchange/gdx/audit/sqlstore"
	catalogsql "github.com/gdx-exchange/gdx/catalog/sqlstore"
	certssql "github.com/gdx-exchange/gdx/certs/sqlstore"
	adminsql "github.com/gdx-exchange/gdx/gateway/admin/sqlstore"
	citizensql "github.com/gdx-exchange/gdx/gateway/citizen/sqlstore"
	gatewaysql "github.com/gdx-exchange/gdx/gateway/sqlstore"
	"github.com/gdx-exchange/gdx/internal/sqldb"
	licencesql "github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
	opendatasql "github.com/gdx-exchange/gdx/opendata/sqlstore"
	statssql "github.com/gdx-exchange/gdx/opendata/stats/sqlstore"
	policiessql "github.com/gdx-exchange/gdx/policies/sqlstore"
)

// stores are the storage-backed services of one database.
type stores struct {
	db       *sqldb.DB
	catalog  *catalogsql.Store
	certs    *certssql.Store
	gateway  *gatewaysql.Store
	audit    *auditsql.Store
	policies *policiessql.Store
	admin    *adminsql.Store
	licences *licencesql.Store
	opendata *opendatasql.Store
	stats    *statssql.Store
	citizens *citizensql.Store
}

// migrations lists every owner's migrations in the order they apply.
var migrations = []struct {
	owner   string
	migrate func(context.Context, *sqldb.DB) error
}{
	{"catalog", catalogsql.Migrate},
	{"certs", certssql.Migrate},
	{"gateway", gatewaysql.Migrate},
	{"audit", auditsql.Migrate},
	{"policies", policiessql.Migrate},
	{"admin", adminsql.Migrate},
	{"licence", licencesql.Migrate},
	{"opendata", opendatasql.Migrate},
	{"stats", statssql.Schema.Migrate},
	{"citizen", citizensql.Migrate},
}

// openStores opens the database at url and applies pending migrations;
// a schema newer than this binary knows is refused by the migrations.
func openStores(ctx context.Context, url string) (*stores, error) {
	db, err := sqldb.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	for _, m := range migrations {
		if err := m.migrate(ctx, db); err != nil {
			db.Close()
			return nil, fmt.Errorf("migrate %s schema: %w", m.owner, err)
		}
	}
	return &stores{db: db, catalog: catalogsql.New(db), certs: certssql.New(db), gateway: gatewaysql.New(db),
		audit: auditsql.New(db), policies: policiessql.New(db), admin: adminsql.New(db),
		licences: licencesql.New(db), opendata: opendatasql.New(db), stats: statssql.New(db),
		citizens: citizensql.New(db, nil)}, nil
}

func (s *stores) Close() { s.db.Close() }
