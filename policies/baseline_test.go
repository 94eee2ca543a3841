package policies

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
)

// The matrix test states the baseline again in Go (oracle) and checks the
// Rego against it over every classification × grant state × purpose fit ×
// assurance level × sensitive field.

type grantState string

const (
	grantNone    grantState = "none"
	grantValid   grantState = "valid"
	grantExpired grantState = "expired"
	grantRevoked grantState = "revoked"
	grantFuture  grantState = "future"
)

type matrixCase struct {
	class     catalog.Classification
	grant     grantState
	purpose   catalog.Purpose
	level     Assurance
	sensitive bool
}

var (
	inGrant    = catalog.Purpose{Code: "licensing", Basis: catalog.BasisPublicTask}
	inGrantS26 = catalog.Purpose{Code: "welfare_eligibility", Basis: catalog.BasisPublicTask, SensitiveBasis: catalog.SensitiveLegalDuty}
	notInGrant = catalog.Purpose{Code: "tax_assessment", Basis: catalog.BasisLegalObligation}
)

func (c matrixCase) name() string {
	return fmt.Sprintf("%s/grant=%s/%s/ial=%s,aal=%s/sensitive=%v", c.class, c.grant, c.purpose.Code, c.level.IAL, c.level.AAL, c.sensitive)
}

func (c matrixCase) input() Input {
	ds := catalog.Dataset{ID: "test.people", Owner: "TEST", Classification: c.class, IAL: "2.3", AAL: "2",
		Fields: []catalog.Field{
			{Name: "id", Personal: true, Identifier: true},
			{Name: "name", Personal: true},
			{Name: "religion", Personal: true, Sensitive: true},
		}}
	req := []string{"id", "name"}
	if c.sensitive {
		req = append(req, "religion")
	}
	return NewInput(Request{Agency: catalog.Agency{Code: "DLA", Status: catalog.AgencyActive}, Officer: "o-1",
		Purpose: c.purpose, IAL: c.level.IAL, AAL: c.level.AAL, Dataset: ds, Requested: req, Grant: c.grantValue(), Time: testNow})
}

func (c matrixCase) grantValue() *catalog.Grant {
	g := catalog.Grant{ID: "g-1", Consumer: "DLA", Dataset: "test.people", Purposes: []string{"licensing", "welfare_eligibility"},
		Fields: []string{"id", "name", "religion"}, ValidFrom: grantsFrom, ValidTo: grantsFrom.AddDate(1, 0, 0), Status: catalog.GrantActive}
	switch c.grant {
	case grantNone:
		return nil
	case grantExpired:
		g.ValidFrom, g.ValidTo = grantsFrom.AddDate(-1, 0, 0), grantsFrom
	case grantFuture:
		g.ValidFrom = testNow.AddDate(0, 1, 0)
	case grantRevoked:
		g.Status = catalog.GrantRevoked
	}
	return &g
}

// oracle states the baseline rules: the lookup-wide reasons, the fields
// returned and whether it is allowed.
func (c matrixCase) oracle() (allow bool, reasons, fields []string) {
	if c.class == catalog.TopSecret {
		return false, []string{ReasonTopSecret}, nil
	}
	strict := c.class == catalog.Confidential || c.class == catalog.Secret
	if c.class != catalog.Public {
		if r := map[grantState]string{grantNone: ReasonNoGrant, grantExpired: ReasonGrantExpired,
			grantRevoked: ReasonGrantNotActive, grantFuture: ReasonGrantNotYetValid}[c.grant]; r != "" {
			reasons = append(reasons, r)
		}
	}
	if strict && c.grant == grantValid && c.purpose.Code == notInGrant.Code {
		reasons = append(reasons, ReasonPurposeNotGrant)
	}
	ial, aal := catalog.IAL("2.3"), catalog.AAL("2")
	if c.class == catalog.Secret {
		ial, aal = "3", "3"
	}
	if strict && !c.level.IAL.Meets(ial) {
		reasons = append(reasons, ReasonIALTooLow)
	}
	if strict && !c.level.AAL.Meets(aal) {
		reasons = append(reasons, ReasonAALTooLow)
	}
	fields = []string{"id", "name"}
	if c.sensitive && c.purpose.CoversSensitive() {
		fields = append(fields, "religion")
	}
	if len(reasons) > 0 {
		return false, reasons, nil
	}
	return true, nil, fields
}

func TestBaselineMatrix(t *testing.T) {
	p := mustDemoPolicy(t)
	levels := []Assurance{{"2.2", "1"}, {"2.3", "1"}, {"2.3", "2"}, {"3", "2"}, {"3", "3"}}
	n := 0
	for _, class := range catalog.Classifications {
		for _, g := range []grantState{grantNone, grantValid, grantExpired, grantRevoked, grantFuture} {
			for _, purpose := range []catalog.Purpose{inGrant, inGrantS26, notInGrant} {
				for _, level := range levels {
					for _, sensitive := range []bool{false, true} {
						c := matrixCase{class, g, purpose, level, sensitive}
						t.Run(c.name(), func(t *testing.T) { checkMatrixCase(t, p, c) })
						n++
					}
				}
			}
		}
	}
	t.Logf("%d cases", n)
}

func checkMatrixCase(t *testing.T, p *Policy, c matrixCase) {
	d := decide(t, p, c.input())
	allow, reasons, fields := c.oracle()
	var lookupReasons []string
	for _, r := range d.Reasons {
		if _, field := ParseReason(r); field == "" && r != ReasonNoFieldsAllowed {
			lookupReasons = append(lookupReasons, r)
		}
	}
	slices.Sort(reasons)
	if d.Allow != allow || !slices.Equal(lookupReasons, sortedSet(reasons)) || !slices.Equal(d.Fields, sortedSet(fields)) {
		t.Fatalf("got allow=%v reasons=%v fields=%v; want allow=%v reasons=%v fields=%v",
			d.Allow, d.Reasons, d.Fields, allow, reasons, fields)
	}
	if c.sensitive && !c.purpose.CoversSensitive() && allow && !slices.Contains(d.Reasons, "sensitive_needs_s26_basis:religion") {
		t.Errorf("religion withheld without its reason: %v", d.Reasons)
	}
	if allow && d.Masks["id"] != MaskPartial {
		t.Errorf("identifier not masked: %v", d.Masks)
	}
}
