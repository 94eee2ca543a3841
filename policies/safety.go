package policies

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/open-policy-agent/opa/v1/ast"
)

// inputSchema is the JSON Schema of Input, the Rego input document.
//
//go:embed schema/input.json
var inputSchema []byte

// InputSchema returns the JSON Schema (draft-07) of the policy input. The
// engine type-checks every module against it, so that a policy referring
// to an input member that does not exist is refused at compile time.
func InputSchema() []byte { return slices.Clone(inputSchema) }

// schemaSet returns the schema set that types `input` for every module.
func schemaSet() *ast.SchemaSet {
	var raw any
	if err := json.Unmarshal(inputSchema, &raw); err != nil {
		panic("policies: embedded input schema: " + err.Error()) // a build defect
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, raw)
	return ss
}

// forbiddenBuiltins are left out of the capabilities policies compile
// against: a decision depends on its input alone, so that it can be
// replayed, tested and compared in impact analysis. The time of the lookup
// is input.time.
var forbiddenBuiltins = []string{
	"http.send", "net.lookup_ip_addr", "opa.runtime", "rand.intn", "uuid.rfc4122",
	"time.now_ns", "trace", "io.jwt.decode_verify",
}

// capabilities returns OPA's capabilities less the forbidden builtins and
// with no network access.
func capabilities() *ast.Capabilities {
	c := ast.CapabilitiesForThisVersion()
	c.Builtins = slices.DeleteFunc(slices.Clone(c.Builtins), func(b *ast.Builtin) bool {
		return slices.Contains(forbiddenBuiltins, b.Name)
	})
	c.AllowNet = []string{}
	return c
}

// probeOwner names the owner of the probe dataset for the query that
// serves owners without a module; no agency code can be lower case.
const probeOwner = "probe-no-module"

// probe evaluates, for every prepared query, a lookup of top-secret data
// that meets every other condition (active agency, a grant of every field
// for the purpose, the highest assurance, a s.26 basis). A set that allows
// it, before the Go guard, is refused: the guard is the second line, not
// the only one.
func (p *Policy) probe(ctx context.Context) []Problem {
	owners := append([]string{probeOwner}, p.modules.Owners()...)
	var problems []Problem
	for _, owner := range owners {
		d, err := p.evaluate(ctx, topSecretProbe(owner))
		switch {
		case err != nil:
			problems = append(problems, Problem{Message: fmt.Sprintf("safety probe (top secret, owner %s) failed to evaluate: %v", owner, err)})
		case d.Allow:
			problems = append(problems, Problem{File: ownerFile(owner),
				Message: fmt.Sprintf("policy set would allow top_secret data (probe dataset of owner %s, fields %v); top secret never leaves its owner", owner, d.Fields)})
		}
	}
	return problems
}

func ownerFile(owner string) string {
	if owner == probeOwner {
		return ""
	}
	return "owner/" + owner + "/"
}

// topSecretProbe builds the probe input for a dataset of the owner.
func topSecretProbe(owner string) Input {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	fields := []string{"subject_id", "note", "health"}
	return Input{
		Agency:  InputAgency{Code: "PROBE", Status: catalog.AgencyActive},
		Officer: InputOfficer{Sub: "probe"},
		Purpose: InputPurpose{Code: "probe", Basis: catalog.BasisLegalObligation, SensitiveBasis: catalog.SensitiveLegalDuty},
		IAL:     "3", AAL: "3",
		Dataset: InputDataset{ID: "probe.top-secret", Owner: owner, Classification: catalog.TopSecret, IAL: "3", AAL: "3",
			Fields: []InputField{
				{Name: "subject_id", Personal: true, Identifier: true},
				{Name: "note"},
				{Name: "health", Personal: true, Sensitive: true},
			}},
		RequestedFields: fields,
		Grant: &InputGrant{ID: "probe", Purposes: []string{"probe"}, Fields: fields, Unmasked: fields,
			ValidFrom: now.AddDate(-1, 0, 0), ValidTo: now.AddDate(1, 0, 0), Status: catalog.GrantActive},
		Time: now,
	}
}

// guard returns the reason Go refuses a lookup before any policy, or "".
func guard(in Input) string {
	switch c := in.Dataset.Classification; {
	case c == catalog.TopSecret:
		return ReasonTopSecret
	case !c.Valid():
		return ReasonUnknownClass
	}
	return ""
}
