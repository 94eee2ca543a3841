package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// newFlags makes a flag set whose parse errors come back as one line
// instead of being printed with the whole usage.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("gdx "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage of gdx %s:\n", name)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; flags not given on the command line take their
// value from GDX_<NAME> (upper case, '-' as '_') when that is set. Extra
// arguments are refused.
func parseFlags(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return err
	}
	if err != nil {
		return usagef("%v (run '%s -h' for the flags)", err, fs.Name())
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (run '%s -h' for the flags)", fs.Arg(0), fs.Name())
	}
	return applyEnv(fs)
}

func applyEnv(fs *flag.FlagSet) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := "GDX_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v, ok := os.LookupEnv(env)
		if given[f.Name] || !ok || err != nil {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = usagef("%s=%q: %v", env, v, e)
		}
	})
	return err
}

// group makes a command that dispatches to named subcommands, answering a
// missing or unknown one with the group's usage.
func group(usage string, subs map[string]command) command {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		if len(args) == 0 {
			return usagef("missing subcommand\n%s", usage)
		}
		sub := subs[args[0]]
		if sub == nil {
			return usagef("unknown subcommand %q\n%s", args[0], usage)
		}
		return sub(ctx, args[1:], stdout, stderr)
	}
}
