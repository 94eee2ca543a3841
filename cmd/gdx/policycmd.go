package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin/explain"
	"github.com/gdx-exchange/gdx/policies"
)

const policyLong = `Check policies, compare versions and explain a decision.
test and lint exit with 1 on any failure, for CI. When DIR holds no file of
the central office (only owner/<agency>/…), test and lint add the embedded
baseline and diff the stored one. diff and explain read the database
(--data DIR or --database-url URL) and change nothing, so they run beside a
live 'gdx demo'.`

func init() { addCommand(newPolicyCommand) }

func newPolicyCommand() *cobra.Command {
	return group("policy", "check policies, compare versions, explain a decision", policyLong,
		newPolicyCheck("test", "compile DIR's .rego files and run their Rego tests", policyTest),
		newPolicyCheck("lint", "strict compile against the input schema: file:line:col problems", policyLint),
		newPolicyDiff(), newPolicyExplain())
}

// maxOneDir takes at most one positional argument, the directory.
func maxOneDir(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return usagef("unexpected argument %q (run '%s --help' for the flags)", args[1], cmd.CommandPath())
	}
	return nil
}

// dirArg returns the optional directory argument.
func dirArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// newPolicyCheck makes policy test or lint, which differ only in what
// they run on the loaded set.
func newPolicyCheck(name, short string, check func(ctx context.Context, set localSet, stdout io.Writer) error) *cobra.Command {
	var baseline bool
	cmd := &cobra.Command{Use: name + " DIR [--baseline=false]", Short: short, Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			set, err := loadLocal(dirArg(args), policies.Baseline(), baseline)
			if err != nil {
				return err
			}
			return check(cmd.Context(), set, cmd.OutOrStdout())
		}}
	cmd.Flags().BoolVar(&baseline, "baseline", true, "add the embedded baseline when DIR holds only owner modules")
	return cmd
}

// localSet is a policy set read from a directory; embedded names the
// files that did not come from it.
type localSet struct {
	dir      string
	mods     policies.Modules
	embedded map[string]bool
}

// maxRegoFile bounds one policy file.
const maxRegoFile = 1 << 20

// loadDir reads every .rego file under dir, named by its slash-separated
// path relative to dir; hidden directories are skipped.
func loadDir(dir string) (policies.Modules, error) {
	mods := policies.Modules{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != dir && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case d.IsDir() || filepath.Ext(path) != ".rego":
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if fi, err := d.Info(); err != nil || fi.Size() > maxRegoFile {
			return fmt.Errorf("%s: larger than %d bytes or unreadable", path, maxRegoFile)
		}
		b, err := os.ReadFile(path)
		mods[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read policies: %w", err)
	}
	if len(mods) == 0 {
		return nil, fmt.Errorf("%s holds no .rego file", dir)
	}
	return mods, nil
}

// loadLocal reads DIR and, when it holds no central-office file and
// withCentral is set, adds those of central.
func loadLocal(dir string, central policies.Modules, withCentral bool) (localSet, error) {
	if dir == "" {
		return localSet{}, usagef("name the directory of .rego files (run 'gdx policy --help')")
	}
	mods, err := loadDir(dir)
	if err != nil {
		return localSet{}, err
	}
	set := localSet{dir: dir, mods: mods, embedded: map[string]bool{}}
	for name := range mods {
		if policies.OwnerOf(name) == "" {
			return set, nil
		}
	}
	for name, src := range central {
		if withCentral && policies.OwnerOf(name) == "" {
			set.mods[name], set.embedded[name] = src, true
		}
	}
	return set, nil
}

// where names a file of the set for the user: its path, or "(baseline)".
func (s localSet) where(file string) string {
	if file == "" || s.embedded[file] {
		return "(baseline) " + file
	}
	return filepath.Join(s.dir, filepath.FromSlash(file))
}

func (s localSet) problem(p policies.Problem) string {
	if p.File == "" {
		return p.Message
	}
	p.File = s.where(p.File)
	return p.String()
}

func policyTest(ctx context.Context, set localSet, stdout io.Writer) error {
	_, rep, _ := policies.Compile(ctx, "local", set.mods)
	for _, t := range rep.Tests {
		t.File = set.where(t.File)
		fmt.Fprintln(stdout, t.String())
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, set.problem(p))
	}
	failed := len(rep.Failed())
	fmt.Fprintf(stdout, "%d passed, %d failed, %d problem(s)\n", len(rep.Tests)-failed, failed, len(rep.Problems))
	if !rep.OK() {
		return fmt.Errorf("%d test(s) failed and %d problem(s) found in %s", failed, len(rep.Problems), set.dir)
	}
	return nil
}

func policyLint(ctx context.Context, set localSet, stdout io.Writer) error {
	lines := lint(ctx, set)
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	if len(lines) > 0 {
		return fmt.Errorf("%d problem(s) in %s", len(lines), set.dir)
	}
	fmt.Fprintf(stdout, "%d file(s): no problems\n", len(set.mods)-len(set.embedded))
	return nil
}

// lint returns every compile problem of the set. Compile stops at failed
// tests, so the deciding modules are compiled once more without them to
// find what only preparing the queries reports.
func lint(ctx context.Context, set localSet) []string {
	_, rep, _ := policies.Compile(ctx, "lint", set.mods)
	problems := rep.Problems
	if len(problems) == 0 && len(rep.Failed()) > 0 {
		deciding := policies.Modules{}
		for name, src := range set.mods {
			if !policies.IsTest(name) {
				deciding[name] = src
			}
		}
		_, rep, _ = policies.Compile(ctx, "lint", deciding)
		problems = rep.Problems
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, set.problem(p))
	}
	return lines
}

func newPolicyDiff() *cobra.Command {
	var f dbFlags
	var from, to string
	cmd := &cobra.Command{Use: "diff [--from V] [--to V | DIR]", Short: "diff two stored versions, or a version and DIR", Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error { return policyDiff(cmd, f, from, to, dirArg(args)) }}
	f.register(cmd)
	cmd.Flags().StringVar(&from, "from", "", "version to diff from, e.g. v3 (default: the active one)")
	cmd.Flags().StringVar(&to, "to", "", "version to diff to (or give DIR instead)")
	return cmd
}

func policyDiff(cmd *cobra.Command, f dbFlags, from, to, dir string) error {
	if to != "" && dir != "" {
		return usagef("give --to or DIR, not both")
	}
	ctx, stdout := cmd.Context(), cmd.OutOrStdout()
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	base, err := findVersion(ctx, st.policies, from)
	if err != nil {
		return err
	}
	target, label, err := diffTarget(ctx, st.policies, base, to, dir)
	if err != nil {
		return err
	}
	d := policies.Diff(target.from, target.to)
	if d == "" {
		fmt.Fprintf(stdout, "no difference between %s and %s\n", target.fromLabel, label)
		return nil
	}
	fmt.Fprintf(stdout, "# %s → %s\n%s", target.fromLabel, label, d)
	return nil
}

// diffPair is what policy diff compares.
type diffPair struct {
	from, to  policies.Modules
	fromLabel string
}

// diffTarget resolves the right-hand side: a stored version, DIR, or else
// base against its own parent.
func diffTarget(ctx context.Context, store policies.VersionStore, base policies.Version, to, dir string) (diffPair, string, error) {
	pair := diffPair{from: base.Modules, fromLabel: base.Label()}
	switch {
	case dir != "":
		set, err := loadLocal(dir, base.Modules, true)
		pair.to = set.mods
		return pair, dir, err
	case to != "":
		v, err := findVersion(ctx, store, to)
		pair.to = v.Modules
		return pair, v.Label(), err
	case base.Parent == 0:
		pair.from, pair.fromLabel, pair.to = nil, "(nothing)", base.Modules
		return pair, base.Label(), nil
	}
	parent, err := store.FindVersion(ctx, base.Parent)
	pair.from, pair.fromLabel, pair.to = parent.Modules, parent.Label(), base.Modules
	return pair, base.Label(), err
}

// findVersion reads "v7" or "7", or the active version for "".
func findVersion(ctx context.Context, store policies.VersionStore, label string) (policies.Version, error) {
	if label == "" {
		id, err := store.ActiveVersionID(ctx)
		if err != nil {
			return policies.Version{}, err
		}
		if id == 0 {
			return policies.Version{}, errors.New("no policy version is active in this database; run 'gdx demo' or 'gdx serve' once")
		}
		return store.FindVersion(ctx, id)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(label, "v"), 10, 64)
	if err != nil || id <= 0 {
		return policies.Version{}, usagef("policy version %q must look like v7 or 7", label)
	}
	return store.FindVersion(ctx, id)
}

// explainFlags are the flags of policy explain.
type explainFlags struct {
	dbFlags
	q                explain.Query
	fields, ial, aal string
}

func newPolicyExplain() *cobra.Command {
	var f explainFlags
	cmd := &cobra.Command{Use: "explain --agency A --purpose P --dataset D", Short: "what the active policy would return, and why", Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return policyExplain(cmd, f) }}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.q.Agency, "agency", "", "consumer agency code, e.g. DLA")
	fl.StringVar(&f.q.Purpose, "purpose", "", "purpose code, e.g. licensing")
	fl.StringVar(&f.q.Dataset, "dataset", "", "dataset id, e.g. dopa.person")
	fl.StringVar(&f.fields, "fields", "", "comma-separated fields to ask for (default: all)")
	fl.StringVar(&f.ial, "ial", "", "officer's IAL: 1, 2.1, 2.2, 2.3 or 3 (default: what the dataset needs)")
	fl.StringVar(&f.aal, "aal", "", "officer's AAL: 1, 2 or 3 (default: what the dataset needs)")
	return cmd
}

func policyExplain(cmd *cobra.Command, f explainFlags) error {
	q := f.q
	q.IAL, q.AAL = catalog.IAL(f.ial), catalog.AAL(f.aal)
	if q.Agency == "" || q.Purpose == "" || q.Dataset == "" {
		return usagef("--agency, --purpose and --dataset are required (run 'gdx policy explain --help')")
	}
	for _, name := range strings.Split(f.fields, ",") {
		if name = strings.TrimSpace(name); name != "" {
			q.Fields = append(q.Fields, name)
		}
	}
	ctx := cmd.Context()
	st, err := f.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	ex, err := explain.Run(ctx, st.catalog, st.policies, q)
	if err != nil {
		return err
	}
	return ex.WriteText(cmd.OutOrStdout())
}
