package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/internal/sqldb"
)

func init() { addCommand(newMigrateCommand) }

// newMigrateCommand applies pending migrations and says where the schema
// stands.
func newMigrateCommand() *cobra.Command {
	var f dbFlags
	cmd := &cobra.Command{Use: "migrate [--database-url URL]", Short: "apply database migrations", Args: noArgs,
		Long: "Apply pending database migrations (serve and demo also do so at start); a database newer than this binary is refused.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			url := databaseURL(f.dbURL, dataDir(f.data))
			st, err := openStores(cmd.Context(), url)
			if err != nil {
				return err
			}
			defer st.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "database %s (%s) is up to date\n", sqldb.Redact(url), st.db.Engine())
			return nil
		}}
	f.register(cmd)
	return cmd
}

// databaseURL picks the explicit URL, else the data directory's embedded
// database.
func databaseURL(explicit string, dir dataDir) string {
	if explicit != "" {
		return explicit
	}
	return dir.databaseURL()
}
