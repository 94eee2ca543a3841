package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// applyEnv gives every flag not set on the command line the value of
// GDX_<NAME> (upper case, '-' as '_') when that is set.
func applyEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "help" || err != nil {
			return
		}
		env := envName(f.Name)
		v, ok := os.LookupEnv(env)
		if !ok {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = usagef("%s=%q: %v", env, v, e)
		}
	})
	return err
}

// envName is the environment variable that supplies a flag.
func envName(flag string) string {
	return "GDX_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// noArgs refuses positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q (run '%s --help' for the flags)", args[0], cmd.CommandPath())
	}
	return nil
}

// group makes a command that only holds subcommands: called alone or
// with an unknown subcommand, it is a usage error naming the choices.
func group(use, short, long string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{Use: use, Short: short, Long: long, Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var names []string
			for _, c := range cmd.Commands() {
				if c.IsAvailableCommand() {
					names = append(names, c.Name())
				}
			}
			if len(args) == 0 {
				return usagef("missing subcommand: %s (run '%s --help')", strings.Join(names, ", "), cmd.CommandPath())
			}
			return usagef("unknown subcommand %q%s: want %s (run '%s --help')", args[0], suggest(cmd, args[0]),
				strings.Join(names, ", "), cmd.CommandPath())
		}}
	g.AddCommand(subs...)
	return g
}

// dbFlags are the flags of commands that only need the database.
type dbFlags struct {
	data  string
	dbURL string
}

func (f *dbFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.data, "data", "./gdx-data", "data directory (its gdx.db is used when no database URL is given)")
	cmd.Flags().StringVar(&f.dbURL, "database-url", "", "database URL: postgres://… or sqlite:PATH (env GDX_DATABASE_URL)")
	_ = cmd.MarkFlagDirname("data")
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
