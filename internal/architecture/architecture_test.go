package architecture

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/gdx-exchange/gdx/"

// pkg is the part of `go list -json` the rules read, with the module prefix
// stripped from every path of ours.
type pkg struct {
	ImportPath   string
	Imports      []string // non-test code
	TestImports  []string // in-package tests
	XTestImports []string // external tests (package x_test)
	Deps         []string // transitive, non-test
}

// onlyImports lists, per package, every package of ours its non-test code
// may import directly: the promises the doc comments make. A package not
// named here is bound by the module-wide rules only.
var onlyImports = map[string][]string{
	"catalog":                  {},
	"catalog/cache":            {"catalog"},
	"catalog/demo":             {"catalog"},
	"catalog/sqlstore":         {"catalog", "internal/sqldb"},
	"certs":                    {},
	"certs/sqlstore":           {"certs", "internal/sqldb"},
	"audit":                    {"catalog", "internal/deadline"},
	"audit/sqlstore":           {"audit", "catalog", "internal/jsontext", "internal/sqldb"},
	"policies":                 {"catalog"},
	"policies/sqlstore":        {"policies", "catalog", "internal/sqldb"},
	"connectors":               {"catalog", "internal/jsontext"},
	"connectors/synth":         {"catalog/demo"},
	"connectors/sim":           {"catalog", "certs", "connectors/synth"},
	"gateway/authn":            {"catalog", "certs", "internal/jsontext", "internal/strictjson"},
	"gateway/admin":            {"audit", "catalog", "certs", "connectors", "internal/httpapi", "policies"},
	"gateway/admin/explain":    {"catalog", "policies"},
	"gateway/admin/sqlstore":   {"gateway/admin", "catalog", "internal/sqldb"},
	"gateway/sqlstore":         {"audit", "catalog", "internal/jsontext", "internal/sqldb", "policies"},
	"internal/sqldb":           {"internal/jsontext"},
	"internal/jsontext":        {},
	"internal/notify":          {"internal/sqldb"},
	"internal/pgtest":          {},
	"internal/httpapi":         {"catalog", "internal/strictjson"},
	"internal/strictjson":      {},
	"internal/deadline":        {},
	"internal/foreigntest":     {},
	"opendata":                 {"catalog", "opendata/search", "opendata/tabular"},
	"opendata/portal":          {"catalog", "internal/web", "opendata", "opendata/search", "opendata/stats"},
	"internal/web":             {},
	"connectors/sim/digitalid": {"catalog", "catalog/demo", "connectors/synth"},
	"gateway/citizen":          {"audit", "catalog", "internal/httpapi"},
	"gateway/citizen/sqlstore": {"gateway/citizen", "catalog", "internal/sqldb"},
	"gateway/admin/console":    {"audit", "catalog", "gateway/admin", "internal/web", "policies"},
	"opendata/ckan":            {"catalog", "internal/httpapi", "opendata", "opendata/ckan/ckanreq", "opendata/search"},
	"opendata/ckan/ckanreq":    {},
	"opendata/search":          {},
	"opendata/sqlstore":        {"catalog", "internal/sqldb", "opendata"},
	"opendata/tabular":         {},
	"opendata/dcat":            {},
	"opendata/dcatfeed":        {"catalog", "internal/httpapi", "opendata", "opendata/dcat"},
	"opendata/download":        {"catalog", "internal/httpapi", "opendata/tabular"},
	"opendata/datastore":       {"catalog", "internal/httpapi", "internal/sqldb", "opendata", "opendata/ckan/ckanreq", "opendata/licence", "opendata/stats", "opendata/tabular"},
	"opendata/publish":         {"opendata"},
	"opendata/stats":           {"audit", "catalog", "opendata", "opendata/tabular"},
	"opendata/stats/sqlstore":  {"catalog", "internal/sqldb", "opendata/stats"},
}

func TestImportRules(t *testing.T) {
	pkgs := listPackages(t)
	for _, p := range pkgs {
		for _, v := range violations(p) {
			t.Errorf("%s: %s", p.ImportPath, v)
		}
	}
}

// violations names every rule p breaks.
func violations(p pkg) []string {
	var out []string
	if allowed, ok := onlyImports[p.ImportPath]; ok {
		for _, imp := range p.Imports {
			if !slices.Contains(allowed, imp) {
				out = append(out, "imports "+imp+"; its doc comment allows only ["+strings.Join(allowed, ", ")+"]")
			}
		}
	}
	all := slices.Concat(p.Imports, p.TestImports, p.XTestImports)
	for _, imp := range all {
		if imp == "gateway" && p.ImportPath != "cmd/gdx" && p.ImportPath != "gateway" {
			out = append(out, "imports gateway: nothing but cmd/gdx may (gateway/doc.go)")
		}
		if strings.HasPrefix(imp, "cmd/") {
			out = append(out, "imports "+imp+": nothing imports the binary")
		}
	}
	if !isTestHelper(p.ImportPath) {
		for _, imp := range p.Imports {
			if isTestHelper(imp) {
				out = append(out, "non-test code imports the test helper "+imp)
			}
		}
	}
	if under(p.ImportPath, "opendata") {
		for _, dep := range p.Deps {
			if under(dep, "gateway") {
				out = append(out, "depends on "+dep+": open data never reaches into the gateway (DESIGN.md)")
			}
		}
	}
	return out
}

// isTestHelper reports whether path is one of the test-helper packages
// (catalogtest, sqldbtest, pgtest, ...), which only tests may import.
func isTestHelper(path string) bool {
	return strings.HasSuffix(filepath.Base(path), "test")
}

// under reports whether path is root or a package below it.
func under(path, root string) bool {
	return path == root || strings.HasPrefix(path, root+"/")
}

// listPackages runs `go list -json ./...` at the module root and keeps
// only the module's own paths, with the module prefix removed.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	touchSources(t)
	cmd := exec.Command("go", "list", "-deps=false", "-json", "./...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, ours(p))
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found %d packages; expected the whole module", len(pkgs))
	}
	return pkgs
}

// touchSources opens every Go file of the module. go test caches a passing
// result keyed on the files a test opened; `go list` runs in a child
// process the cache cannot see, so without this an import added later
// would be answered from the cache.
func touchSources(t *testing.T) {
	t.Helper()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".go" {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		return f.Close()
	})
	if err != nil {
		t.Fatalf("walk the module: %v", err)
	}
}

// ours strips the module prefix and drops every path outside the module.
func ours(p pkg) pkg {
	keep := func(paths []string) []string {
		var out []string
		for _, s := range paths {
			if rest, ok := strings.CutPrefix(s, module); ok {
				out = append(out, rest)
			}
		}
		return out
	}
	p.ImportPath = strings.TrimPrefix(p.ImportPath, module)
	p.Imports, p.TestImports, p.XTestImports, p.Deps = keep(p.Imports), keep(p.TestImports), keep(p.XTestImports), keep(p.Deps)
	return p
}

// TestRulesCatchForbiddenEdges proves the rules bite: each fixture is an
// edge the design forbids.
func TestRulesCatchForbiddenEdges(t *testing.T) {
	cases := []struct {
		name string
		p    pkg
	}{
		{"catalog imports a store", pkg{ImportPath: "catalog", Imports: []string{"internal/sqldb"}}},
		{"sqldb imports catalog", pkg{ImportPath: "internal/sqldb", Imports: []string{"catalog"}}},
		{"admin imports gateway", pkg{ImportPath: "gateway/admin", Imports: []string{"gateway"}}},
		{"a test imports cmd", pkg{ImportPath: "integration", XTestImports: []string{"cmd/gdx"}}},
		{"opendata reaches gateway/authn", pkg{ImportPath: "opendata/ckan", Deps: []string{"catalog", "gateway/authn"}}},
		{"store code imports a test helper", pkg{ImportPath: "audit/sqlstore", Imports: []string{"audit", "audit/audittest"}}},
		{"new package imports a test helper", pkg{ImportPath: "opendata", Imports: []string{"internal/pgtest"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if v := violations(tc.p); len(v) == 0 {
				t.Errorf("no violation found for %+v", tc.p)
			}
		})
	}
	if v := violations(pkg{ImportPath: "audittest", Imports: []string{"internal/sqldb/sqldbtest"}}); len(v) != 0 {
		t.Errorf("a test helper importing another was refused: %v", v)
	}
}
