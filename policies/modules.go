package policies

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Modules is a whole policy set: Rego source by file name. A name is a
// slash-separated relative path ending in .rego; files ending in
// _test.rego hold Rego tests and never decide.
//
// Files under owner/<key>/ form the module of the owner agency whose
// OwnerKey is key and must declare a package at or below gdx.owner.<key>
// (tests: gdx.owner.<key>_test). Every other file belongs to the central
// office and may not declare a package under gdx.owner.
type Modules map[string]string

// BaselinePackage is the package of the baseline policy.
const BaselinePackage = "gdx.baseline"

// OwnerPrefix is the package prefix of owner agency modules.
const OwnerPrefix = "gdx.owner"

//go:embed rego
var regoFiles embed.FS

// Baseline returns the embedded baseline policy and its tests, with no
// owner module.
func Baseline() Modules {
	return embedded(func(name string) bool { return !strings.HasPrefix(name, "owner/") })
}

// DemoSet returns the policy set `gdx demo` starts with: the baseline and
// the demo owner modules (DOPA restricts religion to welfare checks).
func DemoSet() Modules { return embedded(func(string) bool { return true }) }

func embedded(keep func(string) bool) Modules {
	sub, err := fs.Sub(regoFiles, "rego")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	mods := Modules{}
	err = fs.WalkDir(sub, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || path.Ext(name) != ".rego" || !keep(name) {
			return err
		}
		b, err := fs.ReadFile(sub, name)
		mods[name] = string(b)
		return err
	})
	if err != nil {
		panic(err) // embedded files are always readable
	}
	return mods
}

// OwnerKey returns the key of an agency's owner module: the code in lower
// case with '-' as '_' (DOPA → dopa), so that it is a Rego identifier.
func OwnerKey(agency string) string {
	return strings.ReplaceAll(strings.ToLower(agency), "-", "_")
}

// OwnerOf returns the OwnerKey of the owner module that the file belongs
// to, or "" for a file of the central office.
func OwnerOf(file string) string {
	rest, ok := strings.CutPrefix(file, "owner/")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "/")
	return key
}

// IsTest reports whether the file holds Rego tests.
func IsTest(file string) bool { return strings.HasSuffix(file, "_test.rego") }

// Names returns the file names in order.
func (m Modules) Names() []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Owners returns the keys of the owner modules in the set, in order.
func (m Modules) Owners() []string {
	var keys []string
	for _, n := range m.Names() {
		if k := OwnerOf(n); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// Digest returns a SHA-256 over the names and sources, for comparing sets.
func (m Modules) Digest() string {
	h := sha256.New()
	for _, n := range m.Names() {
		fmt.Fprintf(h, "%d:%s%d:%s", len(n), n, len(m[n]), m[n])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Clone returns a copy of the set.
func (m Modules) Clone() Modules {
	c := make(Modules, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

var fileName = regexp.MustCompile(`^[a-z0-9_][a-z0-9_./-]*\.rego$`)

var ownerKey = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

// parse parses every module of the set in Rego v1 and checks the layout
// rules above.
func (m Modules) parse() (map[string]*ast.Module, []Problem) {
	parsed := make(map[string]*ast.Module, len(m))
	var problems []Problem
	opts := ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true}
	for _, name := range m.Names() {
		if p := checkName(name); p != nil {
			problems = append(problems, *p)
			continue
		}
		mod, err := ast.ParseModuleWithOpts(name, m[name], opts)
		if err != nil {
			problems = append(problems, problemsOf(name, err)...)
			continue
		}
		if p := checkPackage(name, mod); p != nil {
			problems = append(problems, *p)
			continue
		}
		parsed[name] = mod
	}
	if len(m) == 0 {
		problems = append(problems, Problem{Message: "the policy set has no module"})
	}
	return parsed, problems
}

func checkName(name string) *Problem {
	switch {
	case !fileName.MatchString(name) || strings.Contains(name, "..") || strings.Contains(name, "//"):
		return &Problem{File: name, Message: "file name must be a relative path of a-z, 0-9, '_', '-', '.', '/' ending in .rego"}
	case strings.HasPrefix(name, "owner/") && !ownerKey.MatchString(OwnerOf(name)):
		return &Problem{File: name, Message: "owner modules live in owner/<key>/ where key is the agency's OwnerKey"}
	}
	return nil
}

// checkPackage keeps owner modules inside their own package tree and the
// central office's files out of every owner's.
func checkPackage(name string, mod *ast.Module) *Problem {
	pkg := strings.TrimPrefix(mod.Package.Path.String(), "data.")
	key := OwnerOf(name)
	own := OwnerPrefix + "." + key
	switch {
	case key != "" && !(within(pkg, own) || IsTest(name) && within(pkg, own+"_test")):
		return packageProblem(name, mod, fmt.Sprintf("package %s: a module in owner/%s/ must be package %s (or %s_test)", pkg, key, own, own))
	case key == "" && within(pkg, OwnerPrefix):
		return packageProblem(name, mod, fmt.Sprintf("package %s: owner packages belong in owner/<key>/ files", pkg))
	}
	return nil
}

func within(pkg, prefix string) bool { return pkg == prefix || strings.HasPrefix(pkg, prefix+".") }

func packageProblem(name string, mod *ast.Module, msg string) *Problem {
	p := Problem{File: name, Message: msg}
	if loc := mod.Package.Location; loc != nil {
		p.Row, p.Col = loc.Row, loc.Col
	}
	return &p
}

// Diff returns a unified diff (three lines of context) from one policy
// set to another, file by file in name order; "" when they are equal. An
// added file diffs from /dev/null and a removed one to it, as git shows.
func Diff(from, to Modules) string {
	var b strings.Builder
	for _, name := range unionNames(from, to) {
		old, hadOld := from[name]
		cur, hasCur := to[name]
		if hadOld && hasCur && old == cur {
			continue
		}
		oldLabel, newLabel := "a/"+name, "b/"+name
		if !hadOld {
			oldLabel = "/dev/null"
		}
		if !hasCur {
			newLabel = "/dev/null"
		}
		b.WriteString(udiff.Unified(oldLabel, newLabel, old, cur))
	}
	return b.String()
}

func unionNames(a, b Modules) []string {
	all := a.Clone()
	for name, src := range b {
		all[name] = src
	}
	return all.Names()
}
