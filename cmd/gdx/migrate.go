package main

import (
	"context"
	"fmt"
	"io"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

// runMigrate applies pending migrations and says where the schema stands.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	data := fs.String("data", "./gdx-data", "data directory (its gdx.db is used when no database URL is given)")
	dbURL := fs.String("database-url", "", "database URL: postgres://… or sqlite:PATH (env GDX_DATABASE_URL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	url := databaseURL(*dbURL, dataDir(*data))
	st, err := openStores(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(stdout, "database %s (%s) is up to date\n", sqldb.Redact(url), st.db.Engine())
	return nil
}

// databaseURL picks the explicit URL, else the data directory's embedded
// database.
func databaseURL(explicit string, dir dataDir) string {
	if explicit != "" {
		return explicit
	}
	return dir.databaseURL()
}
