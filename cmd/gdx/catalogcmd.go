package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

const catalogUsage = `usage:
  gdx catalog export [--out FILE]   write agencies, purposes, datasets and grants as JSON
  gdx catalog import --in FILE      create or update them from such a file
(both take --data DIR or --database-url URL)`

// catalogFile is the JSON form of a whole catalog.
type catalogFile struct {
	Agencies []catalog.Agency  `json:"agencies"`
	Purposes []catalog.Purpose `json:"purposes"`
	Datasets []catalog.Dataset `json:"datasets"`
	Grants   []catalog.Grant   `json:"grants"`
}

// maxCatalogFile bounds an imported file.
const maxCatalogFile = 32 << 20

func runCatalog(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return group(catalogUsage, map[string]command{"export": catalogExport, "import": catalogImport})(ctx, args, stdout, stderr)
}

func catalogExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("catalog export", stderr)
	out := fs.String("out", "", "file to write (default standard output)")
	st, err := openDB(ctx, fs, args)
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
	if *out == "" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cf)
	}
	return writeJSONFile(*out, cf)
}

// catalogImport applies a catalog file through the store, so that every
// entry is validated; it stops at the first entry the store refuses and
// names it.
func catalogImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("catalog import", stderr)
	var f dbFlags
	f.register(fs)
	in := fs.String("in", "", "catalog JSON file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cf, err := readCatalogFile(*in)
	if err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := applyCatalog(ctx, st.catalog, cf); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d agencies, %d purposes, %d datasets, %d grants\n",
		len(cf.Agencies), len(cf.Purposes), len(cf.Datasets), len(cf.Grants))
	return nil
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

func applyCatalog(ctx context.Context, s catalog.Store, cf catalogFile) error {
	for _, a := range cf.Agencies {
		err := s.CreateAgency(ctx, a)
		if catalog.IsKind(err, catalog.KindConflict) {
			err = s.UpdateAgency(ctx, a)
		}
		if err != nil {
			return fmt.Errorf("agency %s: %w", a.Code, err)
		}
	}
	for _, p := range cf.Purposes {
		if err := s.PutPurpose(ctx, p); err != nil {
			return fmt.Errorf("purpose %s: %w", p.Code, err)
		}
	}
	for _, d := range cf.Datasets {
		if err := s.PutDataset(ctx, d); err != nil {
			return fmt.Errorf("dataset %s: %w", d.ID, err)
		}
	}
	return applyGrants(ctx, s, cf.Grants)
}

func applyGrants(ctx context.Context, s catalog.Store, grants []catalog.Grant) error {
	for _, g := range grants {
		_, err := s.FindGrant(ctx, g.ID)
		switch {
		case g.ID != "" && err == nil:
			err = s.UpdateGrant(ctx, g)
		case g.ID == "" || catalog.IsKind(err, catalog.KindNotFound):
			_, err = s.CreateGrant(ctx, g)
		}
		if err != nil {
			return fmt.Errorf("grant %s→%s: %w", g.Consumer, g.Dataset, err)
		}
	}
	return nil
}
