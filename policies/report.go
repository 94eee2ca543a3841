package policies

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Problem is one reason a policy set was refused: a parse, compile or type
// error, a layout rule broken, or a safety probe failed. Row and Col are
// 1-based and zero when unknown.
type Problem struct {
	File    string `json:"file,omitempty"`
	Row     int    `json:"row,omitempty"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
}

// String renders the problem as file:row:col: message.
func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Message
	case p.Row == 0:
		return p.File + ": " + p.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Row, max(p.Col, 1), p.Message)
}

// TestResult is the outcome of one Rego test of a policy set.
type TestResult struct {
	Package  string        `json:"package"`
	Name     string        `json:"name"`
	File     string        `json:"file"`
	Row      int           `json:"row"`
	Pass     bool          `json:"pass"`
	Skip     bool          `json:"skip,omitempty"`
	Message  string        `json:"message,omitempty"`
	Duration time.Duration `json:"duration_ns"`
}

// String renders the result as file:row: package.name: PASS|FAIL|ERROR.
func (r TestResult) String() string {
	outcome := "PASS"
	switch {
	case r.Skip:
		outcome = "SKIP"
	case !r.Pass && r.Message != "":
		outcome = "ERROR: " + r.Message
	case !r.Pass:
		outcome = "FAIL"
	}
	return fmt.Sprintf("%s:%d: %s.%s: %s", r.File, r.Row, r.Package, r.Name, outcome)
}

// Report is what compiling and testing a policy set found.
type Report struct {
	Problems []Problem    `json:"problems"`
	Tests    []TestResult `json:"tests"`
}

// OK reports whether the set compiled, every test passed and the safety
// probes held.
func (r Report) OK() bool { return len(r.Problems) == 0 && len(r.Failed()) == 0 }

// Failed returns the tests that failed or errored.
func (r Report) Failed() []TestResult {
	var out []TestResult
	for _, t := range r.Tests {
		if !t.Pass && !t.Skip {
			out = append(out, t)
		}
	}
	return out
}

// Lines renders every problem and failed test, one per line.
func (r Report) Lines() []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.String())
	}
	for _, t := range r.Failed() {
		out = append(out, t.String())
	}
	return out
}

// RefusedError is returned for a policy set that does not compile, whose
// tests fail or that a safety probe catches. It is of catalog kind invalid
// with reason "policy_refused"; Report holds the details.
type RefusedError struct {
	Report Report
}

// Error lists the problems line by line.
func (e *RefusedError) Error() string {
	return "policy set refused:\n" + strings.Join(e.Report.Lines(), "\n")
}

// Unwrap makes errors.As find the catalog kind.
func (e *RefusedError) Unwrap() error {
	return catalog.Errorf(catalog.KindInvalid, "policy set refused: %d problem(s), %d failed test(s)",
		len(e.Report.Problems), len(e.Report.Failed())).WithReason(ReasonPolicyRefused)
}

// problemsOf turns an OPA error (ast.Errors, a single *ast.Error or any
// other) into located problems.
func problemsOf(file string, err error) []Problem {
	var errs ast.Errors
	if errors.As(err, &errs) {
		out := make([]Problem, 0, len(errs))
		for _, e := range errs {
			out = append(out, problemOf(file, e))
		}
		return out
	}
	var one *ast.Error
	if errors.As(err, &one) {
		return []Problem{problemOf(file, one)}
	}
	return []Problem{{File: file, Message: err.Error()}}
}

func problemOf(file string, e *ast.Error) Problem {
	p := Problem{File: file, Message: e.Message}
	if e.Code != "" {
		p.Message = e.Code + ": " + e.Message
	}
	if e.Location != nil {
		p.Row, p.Col = e.Location.Row, e.Location.Col
		if e.Location.File != "" {
			p.File = e.Location.File
		}
	}
	return p
}
