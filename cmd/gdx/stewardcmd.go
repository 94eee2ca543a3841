package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/gateway/admin"
)

const stewardLong = `Manage data stewards' admin accounts.
Roles: steward, approver, auditor, admin (an admin of DGA may change everything).
The password comes from --password-file, or else from the first line of
standard input; never from a flag, so that it stays out of shell history
and process lists. passwd also unlocks the account and ends its sessions.
add and passwd go through the admin API's verbs and are audited like them.
All subcommands take --data DIR or --database-url URL.`

// stdin is where passwords are read from when no file is given; tests
// replace it.
var stdin io.Reader = os.Stdin

func init() { addCommand(newStewardCommand) }

func newStewardCommand() *cobra.Command {
	return group("steward", "manage data stewards' admin accounts", stewardLong,
		newStewardAdd(), newStewardList(), newStewardPasswd())
}

func newStewardAdd() *cobra.Command {
	var f operatorFlags
	var n admin.NewSteward
	var roleList, pwFile string
	cmd := &cobra.Command{Use: "add --code AGENCY --username U --roles ROLES", Short: "add a steward account", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			roles, err := admin.ParseRoles(roleList)
			if err != nil {
				return usagef("--roles: %v", err)
			}
			n.Roles = roles
			pw, err := readPassword(pwFile, cmd.ErrOrStderr())
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
			s, err := op.svc.AddStewardWithPassword(ctx, op.by, n, pw)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "added steward %s of %s (%s); log in with POST /admin/v1/sessions on the web address\n",
				s.Username, s.Agency, joinRoles(s.Roles))
			return nil
		}}
	f.register(cmd)
	cmd.Flags().StringVar(&n.Agency, "code", "", "the steward's agency code, e.g. DOPA")
	cmd.Flags().StringVar(&n.Username, "username", "", "login name: 3-64 characters of a-z, 0-9, '.', '_', '-'")
	cmd.Flags().StringVar(&n.DisplayName, "name", "", "display name")
	cmd.Flags().StringVar(&roleList, "roles", "steward", "comma-separated roles: steward, approver, auditor, admin")
	completeWords(cmd, "roles", "steward", "approver", "auditor", "admin", "steward,approver")
	cmd.Flags().StringVar(&pwFile, "password-file", "", "file whose first line is the password (default: standard input)")
	return cmd
}

func newStewardList() *cobra.Command {
	var f dbFlags
	var o outputFlag
	var code string
	cmd := &cobra.Command{Use: "list [--code AGENCY]", Short: "list steward accounts", Args: noArgs,
		RunE: listing(&f, &o, func(ctx context.Context, cmd *cobra.Command, st *stores) error {
			list, err := st.admin.ListStewards(ctx, code)
			if err != nil || o.json() {
				return orJSON(err, cmd, list)
			}
			t := newTable(cmd.OutOrStdout(), "AGENCY", "USERNAME", "ROLES", "STATE", "NAME")
			for _, s := range list {
				t.row(s.Agency, s.Username, joinRoles(s.Roles), stewardState(s), s.DisplayName)
			}
			return t.flush()
		})}
	f.register(cmd)
	o.register(cmd)
	cmd.Flags().StringVar(&code, "code", "", "only this agency's stewards")
	return cmd
}

func stewardState(s admin.Steward) string {
	switch {
	case s.Disabled:
		return "disabled"
	case s.LockedAt(time.Now()):
		return "locked until " + s.LockedUntil.Local().Format(time.DateTime)
	}
	return "active"
}

func newStewardPasswd() *cobra.Command {
	var f operatorFlags
	var username, pwFile string
	cmd := &cobra.Command{Use: "passwd --username U", Short: "set a steward's password, unlock the account, end its sessions", Args: noArgs,
		RunE: f.asOperator(func(ctx context.Context, cmd *cobra.Command, st *stores, op *operator) error {
			if _, err := st.admin.FindStewardByUsername(ctx, username); err != nil {
				return fmt.Errorf("no steward %q; see 'gdx steward list'", username)
			}
			pw, err := readPassword(pwFile, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if err := op.svc.SetStewardPassword(ctx, op.by, username, pw); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "changed the password of %s; the account is unlocked and its sessions ended\n", username)
			return nil
		})}
	f.register(cmd)
	cmd.Flags().StringVar(&username, "username", "", "the steward's login name")
	cmd.Flags().StringVar(&pwFile, "password-file", "", "file whose first line is the new password (default: standard input)")
	return cmd
}

// readPassword returns the first line of the file, or of standard input
// when file is empty, without its line ending.
func readPassword(file string, stderr io.Writer) (string, error) {
	src, what := stdin, "standard input"
	if file != "" {
		fh, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("read the password: %w", err)
		}
		defer fh.Close()
		src, what = fh, file
	} else if isTerminal(stdin) {
		fmt.Fprintln(stderr, "Type the password and press Enter (it is shown as you type; --password-file avoids that):")
	}
	line, err := bufio.NewReaderSize(io.LimitReader(src, admin.MaxPasswordLen+2), admin.MaxPasswordLen+2).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from %s: %w", what, err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", fmt.Errorf("no password on the first line of %s", what)
	}
	return pw, nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func joinRoles(roles []admin.Role) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return strings.Join(out, ",")
}
