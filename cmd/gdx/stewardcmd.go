package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gdx-exchange/gdx/gateway/admin"
)

const stewardUsage = `usage:
  gdx steward add    --code AGENCY --username U --roles steward,approver [--name NAME] [--password-file F]
  gdx steward list   [--code AGENCY]
  gdx steward passwd --username U [--password-file F]
Roles: steward, approver, auditor, admin (an admin of DGA may change everything).
The password comes from --password-file, or else from the first line of
standard input; never from a flag, so that it stays out of shell history
and process lists. passwd also unlocks the account and ends its sessions.
(all take --data DIR or --database-url URL)`

// stdin is where passwords are read from when no file is given; tests
// replace it.
var stdin io.Reader = os.Stdin

func runSteward(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return group(stewardUsage, map[string]command{"add": stewardAdd, "list": stewardList, "passwd": stewardPasswd})(ctx, args, stdout, stderr)
}

func stewardAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("steward add", stderr)
	var f dbFlags
	f.register(fs)
	code := fs.String("code", "", "the steward's agency code, e.g. DOPA")
	username := fs.String("username", "", "login name: 3-64 characters of a-z, 0-9, '.', '_', '-'")
	name := fs.String("name", "", "display name")
	roleList := fs.String("roles", "steward", "comma-separated roles: steward, approver, auditor, admin")
	pwFile := fs.String("password-file", "", "file whose first line is the password (default: standard input)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	roles, err := admin.ParseRoles(*roleList)
	if err != nil {
		return usagef("--roles: %v", err)
	}
	hash, err := newPasswordHash(*pwFile, stderr)
	if err != nil {
		return err
	}
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.catalog.FindAgency(ctx, *code); err != nil {
		return fmt.Errorf("agency %q is not registered; see 'gdx agency list'", *code)
	}
	s, err := st.admin.CreateSteward(ctx, admin.Steward{Agency: *code, Username: *username, DisplayName: *name,
		Roles: roles, PasswordHash: hash, CreatedAt: time.Now()})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added steward %s of %s (%s); log in with POST /admin/v1/sessions on the web address\n",
		s.Username, s.Agency, joinRoles(s.Roles))
	return nil
}

func stewardList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("steward list", stderr)
	code := fs.String("code", "", "only this agency's stewards")
	st, err := openDB(ctx, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.admin.ListStewards(ctx, *code)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENCY\tUSERNAME\tROLES\tSTATE\tNAME")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Agency, s.Username, joinRoles(s.Roles), stewardState(s), s.DisplayName)
	}
	return tw.Flush()
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

func stewardPasswd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("steward passwd", stderr)
	username := fs.String("username", "", "the steward's login name")
	pwFile := fs.String("password-file", "", "file whose first line is the new password (default: standard input)")
	st, err := openDB(ctx, fs, args)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.admin.FindStewardByUsername(ctx, *username)
	if err != nil {
		return fmt.Errorf("no steward %q; see 'gdx steward list'", *username)
	}
	hash, err := newPasswordHash(*pwFile, stderr)
	if err != nil {
		return err
	}
	if err := st.admin.SetPassword(ctx, s.ID, hash); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "changed the password of %s; the account is unlocked and its sessions ended\n", s.Username)
	return nil
}

// newPasswordHash reads a new password and hashes it with argon2id.
func newPasswordHash(file string, stderr io.Writer) (string, error) {
	pw, err := readPassword(file, stderr)
	if err != nil {
		return "", err
	}
	return admin.HashPassword(pw, admin.DefaultPasswordParams)
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
