// Command gdx is the government data exchange: the demo, the production
// server and the operator and client tools, in one binary.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes, as 'gdx --help' and the README list them.
const (
	exitOK      = 0 // done
	exitFailure = 1 // the command ran and failed (or found failures: policy test, audit verify)
	exitUsage   = 2 // the command was called wrongly: unknown command or flag, bad flag value
)

const rootLong = `gdx — government data exchange / ศูนย์แลกเปลี่ยนข้อมูลภาครัฐ

Start with 'gdx demo': a complete local exchange, no flags needed.

Every flag can also be set with the environment variable GDX_<FLAG>
(upper case, '-' as '_'), e.g. GDX_DATABASE_URL=postgres://…; a flag on
the command line wins. Lists print aligned tables; '-o json' prints one
JSON object per line with the API's snake_case names, for scripts.

Exit codes:
  0  done
  1  the command failed (policy test and audit verify: failures found)
  2  usage error: unknown command or flag, bad flag value`

// commandSet holds the constructors of the top-level commands. Each
// command group's file adds its own in init, so that a new group is one
// new file.
var commandSet []func() *cobra.Command

// addCommand registers the constructor of a top-level command.
func addCommand(newCmd func() *cobra.Command) { commandSet = append(commandSet, newCmd) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// newRoot builds the whole command tree afresh, so that every run starts
// from the flags' defaults.
func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "gdx",
		Short: "government data exchange: demo, server, operator and client tools",
		Long:  rootLong,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q%s; run 'gdx --help' for the list", args[0], suggest(cmd, args[0]))
			}
			return nil
		},
		RunE:              func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return applyEnv(cmd.Flags()) },
		SilenceUsage:      true,
		SilenceErrors:     true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	// A command that only holds subcommands shows just "gdx agency [command]".
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(), "Usage:{{if .Runnable}}",
		"Usage:{{if and .Runnable (not .HasAvailableSubCommands)}}", 1))
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%v (run '%s --help' for the flags)", err, cmd.CommandPath())
	})
	for _, newCmd := range commandSet {
		root.AddCommand(newCmd())
	}
	return root
}

// run executes the command line and turns its error into one line and
// an exit code (see exitUsage).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(doubleDash(args))
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "%s: %v\n", cmd.CommandPath(), err)
	if errors.As(err, new(*usageError)) {
		return exitUsage
	}
	return exitFailure
}

// singleDash is a long flag written with one dash, as Go's flag package
// (which gdx used before) accepted.
var singleDash = regexp.MustCompile(`^-[a-z][a-z0-9-]+(=.*)?$`)

// doubleDash rewrites -name to --name before the first "--", so that
// command lines written for the old parser keep working; gdx has no
// shorthand flags but -h and -o, which this leaves alone.
func doubleDash(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		if singleDash.MatchString(a) {
			a = "-" + a
		}
		out[i] = a
	}
	return out
}

// suggest names the commands that look like a mistyped one.
func suggest(cmd *cobra.Command, typed string) string {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(typed); len(s) > 0 {
		return fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return ""
}
