package foreigntest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Column is one column as the foreign reader typed it.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Table is a file's content as a foreign reader saw it. Every value is its
// string form; a nil pointer is SQL NULL.
type Table struct {
	Columns []Column    `json:"columns"`
	Rows    [][]*string `json:"rows"`
}

// Result is one SHACL validation result.
type Result struct {
	Severity string `json:"severity"`
	Focus    string `json:"focus"`
	Path     string `json:"path"`
	Message  string `json:"message"`
	Shape    string `json:"shape"`
}

// Report is a SHACL validation report.
type Report struct {
	Conforms bool     `json:"conforms"`
	Triples  int      `json:"triples"`
	Results  []Result `json:"results"`
}

// Violations returns the results of severity sh:Violation.
func (r Report) Violations() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Severity == "http://www.w3.org/ns/shacl#Violation" {
			out = append(out, res)
		}
	}
	return out
}

// ReadTable reads path with a foreign reader: kind is "csv" or "parquet"
// (DuckDB) or "arrow" (Apache Arrow JS; IPC file or stream).
func ReadTable(t testing.TB, kind, path string) Table {
	t.Helper()
	var tab Table
	run(t, &tab, "read.mjs", kind, path)
	return tab
}

// ValidateSHACL validates the RDF file data (Turtle .ttl, RDF/XML .rdf or
// JSON-LD .jsonld, told apart by extension) against the shapes file.
func ValidateSHACL(t testing.TB, shapes, data string) Report {
	t.Helper()
	var rep Report
	run(t, &rep, "shacl.mjs", shapes, data)
	return rep
}

// DCATAPShapes is the path of the DCAT-AP 3.0.1 SHACL shapes (a copy of
// the workspace's shared/dcat-ap file, kept here so a clean clone has it).
func DCATAPShapes() string {
	return filepath.Join(filepath.Dir(jsDir()), "shapes", "dcat-ap-3-shacl.ttl")
}

// Require skips the test (or fails it under CI) unless Node.js and the
// readers are installed, installing the readers with npm when missing.
func Require(t testing.TB) {
	t.Helper()
	if err := ready(); err != nil {
		if os.Getenv("GDX_CI") != "" {
			t.Fatalf("foreign readers unavailable under CI: %v", err)
		}
		t.Skipf("skipped: no foreign reader (%v); install Node.js and npm to run it", err)
	}
}

var (
	readyOnce sync.Once
	readyErr  error
)

func ready() error {
	readyOnce.Do(func() { readyErr = install() })
	return readyErr
}

// jsDir is the directory of the scripts, found from this source file so
// that tests in any package reach it.
func jsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "js")
}

// install runs `npm ci` once per machine, under a file lock because go
// test runs packages in parallel.
func install() error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node not found")
	}
	dir := jsDir()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil {
		return nil
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return fmt.Errorf("npm not found")
	}
	lock, err := os.OpenFile(filepath.Join(os.TempDir(), "gdx-foreigntest.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil {
		return nil
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm ci in %s: %v\n%s", dir, err, out)
	}
	return nil
}

func run(t testing.TB, into any, script string, args ...string) {
	t.Helper()
	Require(t)
	for i, a := range args {
		if abs, err := filepath.Abs(a); err == nil && fileExists(abs) {
			args[i] = abs
		}
	}
	cmd := exec.Command("node", append([]string{filepath.Join(jsDir(), script)}, args...)...)
	cmd.Dir = jsDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("node %s %v: %v\n%s", script, args, err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), into); err != nil {
		t.Fatalf("node %s: undecodable output (%v): %.300s", script, err, stdout.String())
	}
	t.Logf("node %s read %s in %v", script, args[len(args)-1], time.Since(start).Round(time.Millisecond))
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
