package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// catalogFile is the JSON form of a whole catalog.
type catalogFile = admin.CatalogBundle

// maxCatalogFile bounds an imported file.
const maxCatalogFile = 32 << 20

func init() { addCommand(newCatalogCommand) }

func newCatalogCommand() *cobra.Command {
	return group("catalog", "the catalog (agencies, purposes, datasets, grants) as a JSON file",
		"Export the catalog as JSON, or import such a file. Both take --data DIR or --database-url URL;\n"+
			"an import is audited with the operator as the actor.",
		newCatalogExport(), newCatalogImport())
}

func newCatalogExport() *cobra.Command {
	var f dbFlags
	var out string
	cmd := &cobra.Command{Use: "export [--out FILE]", Short: "write agencies, purposes, datasets and grants as JSON", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := f.open(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			var cf catalogFile
			if cf.Agencies, err = st.catalog.ListAgencies(ctx); err == nil {
				if cf.Purposes, err = st.catalog.ListPurposes(ctx); err == nil {
					if cf.Datasets, err = st.catalog.ListDatasets(ctx, catalog.DatasetFilter{}); err == nil {
						cf.Grants, err = st.catalog.ListGrants(ctx, catalog.GrantFilter{})
					}
				}
			}
			if err != nil {
				return err
			}
			if out == "" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(cf)
			}
			return writeJSONFile(out, cf)
		}}
	f.register(cmd)
	cmd.Flags().StringVar(&out, "out", "", "file to write (default standard output)")
	return cmd
}

// newCatalogImport applies a catalog file through the admin service, so
// that every entry is validated and the import audited; it stops at the
// first entry the store refuses and names it.
func newCatalogImport() *cobra.Command {
	var f operatorFlags
	var in string
	cmd := &cobra.Command{Use: "import --in FILE", Short: "create or update agencies, purposes, datasets and grants from a file", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cf, err := readCatalogFile(in)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			st, op, err := f.openOperator(ctx, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer st.Close()
			defer op.Close()
			if err := op.svc.ImportCatalog(ctx, op.by, cf); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "imported %d agencies, %d purposes, %d datasets, %d grants\n",
				len(cf.Agencies), len(cf.Purposes), len(cf.Datasets), len(cf.Grants))
			return nil
		}}
	f.register(cmd)
	cmd.Flags().StringVar(&in, "in", "", "catalog JSON file")
	return cmd
}

func readCatalogFile(path string) (catalogFile, error) {
	var cf catalogFile
	fh, err := os.Open(path)
	if err != nil {
		return cf, fmt.Errorf("read the catalog file: %w", err)
	}
	defer fh.Close()
	if err := httpapi.DecodeJSON(fh, maxCatalogFile, &cf); err != nil {
		return cf, fmt.Errorf("%s is not a catalog file: %w", path, err)
	}
	return cf, nil
}
