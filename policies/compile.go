package policies

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestTimeout bounds each Rego test of a policy set.
const TestTimeout = 5 * time.Second

// Policy is a compiled and tested policy set, ready to decide: one
// prepared query for datasets whose owner has no module and one per owner
// module. It is immutable and safe for concurrent use; nothing is compiled
// when it decides.
type Policy struct {
	version string
	modules Modules
	report  Report
	base    rego.PreparedEvalQuery
	owners  map[string]rego.PreparedEvalQuery // OwnerKey → baseline + owner
	cache   decisionCache
	// values holds the input values of the agencies, purposes, datasets and grants decided on.
	values inputValues
	// reads names the input members the modules refer to: the cache's key
	// leaves out the others.
	reads inputReads
}

// Version names the policy version, as decisions report it.
func (p *Policy) Version() string { return p.version }

// Modules returns a copy of the policy set's sources.
func (p *Policy) Modules() Modules { return p.modules.Clone() }

// Report returns the test results of the set.
func (p *Policy) Report() Report { return p.report }

// Compile parses the set in Rego v1, compiles it in strict mode with input
// type-checked against InputSchema, runs its Rego tests, prepares its
// queries and probes that it never allows top-secret data. A set that
// fails any step is refused with a *RefusedError listing every problem as
// file:row:col; the Report is returned either way.
func Compile(ctx context.Context, version string, mods Modules) (*Policy, Report, error) {
	parsed, problems := mods.parse()
	rep := Report{Problems: problems}
	if rep.OK() {
		rep.Tests, rep.Problems = runTests(ctx, parsed)
	}
	if !rep.OK() {
		return nil, rep, &RefusedError{Report: rep}
	}
	p, problems := prepare(ctx, version, mods, parsed)
	if len(problems) == 0 {
		problems = p.probe(ctx)
	}
	if rep.Problems = problems; !rep.OK() {
		return nil, rep, &RefusedError{Report: rep}
	}
	p.report = rep
	return p, rep, nil
}

// newCompiler returns a compiler with the engine's settings: Rego v1,
// strict mode, the input schema and the restricted capabilities.
func newCompiler() *ast.Compiler {
	return ast.NewCompiler().
		WithDefaultRegoVersion(ast.RegoV1).
		WithStrict(true).
		WithSchemas(schemaSet()).
		WithCapabilities(capabilities())
}

// runTests compiles every module, tests included, and runs the tests.
func runTests(ctx context.Context, parsed map[string]*ast.Module) ([]TestResult, []Problem) {
	runner := tester.NewRunner().
		SetCompiler(newCompiler().WithEnablePrintStatements(true)).
		SetModules(parsed).
		SetTimeout(TestTimeout).
		RaiseBuiltinErrors(true)
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		return nil, problemsOf("", err)
	}
	var results []TestResult
	for r := range ch {
		results = append(results, testResult(r))
	}
	slices.SortFunc(results, func(a, b TestResult) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Row - b.Row
	})
	return results, nil
}

func testResult(r *tester.Result) TestResult {
	t := TestResult{Package: trimData(r.Package), Name: r.Name, Pass: r.Pass(), Skip: r.Skip, Duration: r.Duration}
	if r.Location != nil {
		t.File, t.Row = r.Location.File, r.Location.Row
	}
	if r.Error != nil {
		t.Message = r.Error.Error()
	}
	return t
}

// prepare compiles the modules that decide (not the tests) and prepares
// one query per owner module and one for datasets of other owners.
func prepare(ctx context.Context, version string, mods Modules, parsed map[string]*ast.Module) (*Policy, []Problem) {
	c := newCompiler().WithEnablePrintStatements(false)
	c.Compile(deciding(parsed))
	if c.Failed() {
		return nil, problemsOf("", c.Errors)
	}
	p := &Policy{version: version, modules: mods.Clone(), owners: map[string]rego.PreparedEvalQuery{}, reads: readsOf(c.Modules)}
	var problems []Problem
	if missing := missingDecision(c, BaselinePackage); missing != nil {
		return nil, []Problem{*missing}
	}
	base, err := prepareQuery(ctx, c, "b = data."+BaselinePackage+".decision")
	if err != nil {
		return nil, problemsOf("", err)
	}
	p.base = base
	for _, key := range mods.Owners() {
		pkg := OwnerPrefix + "." + key
		if missing := missingDecision(c, pkg); missing != nil {
			problems = append(problems, *missing)
			continue
		}
		q, err := prepareQuery(ctx, c, fmt.Sprintf("b = data.%s.decision; o = data.%s.decision", BaselinePackage, pkg))
		if err != nil {
			problems = append(problems, problemsOf("", err)...)
			continue
		}
		p.owners[key] = q
	}
	return p, problems
}

// deciding returns the modules that are not tests.
func deciding(parsed map[string]*ast.Module) map[string]*ast.Module {
	out := make(map[string]*ast.Module, len(parsed))
	for name, m := range parsed {
		if !IsTest(name) {
			out[name] = m
		}
	}
	return out
}

func missingDecision(c *ast.Compiler, pkg string) *Problem {
	if len(c.GetRulesExact(ast.MustParseRef("data."+pkg+".decision"))) > 0 {
		return nil
	}
	return &Problem{Message: fmt.Sprintf("package %s must define the rule decision (see policies/CONTRACT.md)", pkg)}
}

func prepareQuery(ctx context.Context, c *ast.Compiler, query string) (rego.PreparedEvalQuery, error) {
	return rego.New(
		rego.Compiler(c),
		rego.Query(query),
		rego.Strict(true),
		rego.StrictBuiltinErrors(true), // NOTE: a failing builtin is a policy_error, not a silent undefined
		rego.Capabilities(capabilities()),
		keepAST,
	).PrepareForEval(ctx)
}

func trimData(pkg string) string {
	if len(pkg) > 5 && pkg[:5] == "data." {
		return pkg[5:]
	}
	return pkg
}
