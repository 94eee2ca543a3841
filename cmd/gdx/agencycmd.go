package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/gdx-exchange/gdx/catalog"
)

const agencyUsage = `usage:
  gdx agency add      --code CODE --name-th NAME [--name-en NAME] [--ministry NAME]
  gdx agency list
  gdx agency suspend  --code CODE
  gdx agency activate --code CODE
  gdx agency key      list|add|rotate|revoke   (request-signing keys)
(all take --data DIR or --database-url URL)`

func runAgency(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return group(agencyUsage, map[string]command{
		"add": agencyAdd, "list": agencyList, "key": runAgencyKey,
		"suspend":  agencyStatus(catalog.AgencySuspended),
		"activate": agencyStatus(catalog.AgencyActive),
	})(ctx, args, stdout, stderr)
}

// dbFlags are the flags of commands that only need the database.
type dbFlags struct {
	data  string
	dbURL string
}

func (f *dbFlags) register(fs interface {
	StringVar(*string, string, string, string)
}) {
	fs.StringVar(&f.data, "data", "./gdx-data", "data directory (its gdx.db is used when no database URL is given)")
	fs.StringVar(&f.dbURL, "database-url", "", "database URL: postgres://… or sqlite:PATH (env GDX_DATABASE_URL)")
}

// openDB registers the database flags on fs, parses args and opens the
// database they name: the start of every command that only needs it.
func openDB(ctx context.Context, fs *flag.FlagSet, args []string) (*stores, error) {
	var f dbFlags
	f.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	return f.open(ctx)
}

// open opens the database, refusing a data directory that does not exist
// rather than creating an empty database in a mistyped place.
func (f *dbFlags) open(ctx context.Context) (*stores, error) {
	if f.dbURL == "" {
		dir := dataDir(f.data)
		if err := dir.requireFiles("run 'gdx demo' or 'gdx certs init' first, or give --database-url", dir.path("gdx.db")); err != nil {
			return nil, err
		}
	}
	return openStores(ctx, databaseURL(f.dbURL, dataDir(f.data)))
}

func agencyAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agency add", stderr)
	var f dbFlags
	f.register(fs)
	var a catalog.Agency
	fs.StringVar(&a.Code, "code", "", "agency code, e.g. DLA")
	fs.StringVar(&a.NameTH, "name-th", "", "Thai name")
	fs.StringVar(&a.NameEN, "name-en", "", "English name")
	fs.StringVar(&a.Ministry, "ministry", "", "parent ministry")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a.Status = catalog.AgencyActive
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.catalog.CreateAgency(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "registered agency %s; issue its credentials with 'gdx certs issue --agency %s'\n", a.Code, a.Code)
	return nil
}

func agencyList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agency list", stderr)
	st, err := openDB(ctx, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()
	agencies, err := st.catalog.ListAgencies(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSTATUS\tNAME (TH)\tNAME (EN)")
	for _, a := range agencies {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Code, a.Status, a.NameTH, a.NameEN)
	}
	return tw.Flush()
}

// agencyStatus makes the command that sets an agency's status.
func agencyStatus(status catalog.AgencyStatus) command {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		return agencySetStatus(ctx, args, stdout, stderr, status)
	}
}

func agencySetStatus(ctx context.Context, args []string, stdout, stderr io.Writer, status catalog.AgencyStatus) error {
	fs := newFlags("agency "+string(status), stderr)
	var f dbFlags
	f.register(fs)
	code := fs.String("code", "", "agency code")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.catalog.FindAgency(ctx, *code)
	if err != nil {
		return err
	}
	a.Status = status
	if err := st.catalog.UpdateAgency(ctx, a); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "agency %s is now %s\n", a.Code, status)
	return nil
}
