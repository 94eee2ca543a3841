// Command gdx is the government data exchange: the demo, the production
// server and the operator and client tools, in one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `gdx — government data exchange / ศูนย์แลกเปลี่ยนข้อมูลภาครัฐ

Usage:
  gdx demo     [--data DIR] [--reset]   start a complete local exchange (start here)
  gdx serve    [flags]                  run the exchange in production
  gdx certs    init|issue|revoke|list   manage the exchange PKI
  gdx agency   add|list|suspend|activate   manage registered agencies
  gdx catalog  export|import             the catalog as a JSON file
  gdx audit    verify|query|subject        prove the audit trail intact, search it
  gdx steward  add|list|passwd          manage data stewards' admin accounts
  gdx policy   test|lint|diff|explain   check policies, compare versions, explain a decision
  gdx token    --agency DIR --purpose P --sub OFFICER --ial L --aal L
                                        print a signed request JWT
  gdx migrate  [--data DIR]             apply database migrations

Run 'gdx <command> -h' for a command's flags.
`

// command is one subcommand: it gets its arguments and the process's
// output streams and returns an error to report.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

var commands = map[string]command{
	"demo":    runDemo,
	"serve":   runServe,
	"certs":   runCerts,
	"migrate": runMigrate,
	"agency":  runAgency,
	"token":   runToken,
	"catalog": runCatalog,
	"audit":   runAudit,
	"steward": runSteward,
	"policy":  runPolicy,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and turns its error into one line and an
// exit code: 2 for usage errors, 1 for everything else.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gdx: unknown command %q; run 'gdx help' for the list\n", args[0])
		return 2
	}
	err := cmd(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(*usageError)):
		fmt.Fprintf(stderr, "gdx %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "gdx %s: %v\n", args[0], err)
	return 1
}
