package admin

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/policies"
)

// Credential is a generated steward login, as `gdx demo` writes it to
// DIR/stewards.json (mode 0600) for the person trying the demo.
type Credential struct {
	Agency   string `json:"agency"`
	Username string `json:"username"`
	Password string `json:"password"`
	Roles    []Role `json:"roles"`
}

// DemoStewards lists the demo's steward accounts: two central admins (the
// baseline needs a second one to approve), and a steward and an approver
// at each of DOPA, DBD, DLA and RD, so that the two-person rule can be
// tried at every agency, and auditors at the central office and DOPA.
func DemoStewards() []Credential {
	c := func(agency, username string, roles ...Role) Credential {
		return Credential{Agency: agency, Username: username, Roles: roles}
	}
	var out []Credential
	out = append(out, c(CentralOffice, "dga-admin", policies.RoleAdmin),
		c(CentralOffice, "dga-reviewer", policies.RoleAdmin),
		c(CentralOffice, "dga-auditor", policies.RoleAuditor),
		c("DOPA", "dopa-auditor", policies.RoleAuditor)) // an owner reading who looked at its registry
	for _, agency := range []string{"DOPA", "DBD", "DLA", "RD"} {
		lower := policies.OwnerKey(agency)
		out = append(out, c(agency, lower+"-steward", policies.RoleSteward),
			c(agency, lower+"-approver", policies.RoleApprover))
	}
	return out
}

// SeedDemoStewards creates the DemoStewards accounts with fresh random
// passwords hashed with p (zero: DefaultPasswordParams) and returns the
// credentials, passwords in clear, for the caller to hand over. It is
// meant for an empty store: a taken username fails with conflict. The
// agencies must exist in the catalog (catalog/demo.Seed).
func SeedDemoStewards(ctx context.Context, store StewardStore, p PasswordParams) ([]Credential, error) {
	if p.Memory == 0 {
		p = DefaultPasswordParams
	}
	creds := DemoStewards()
	for i, c := range creds {
		creds[i].Password = NewPassword()
		hash, err := HashPassword(creds[i].Password, p)
		if err != nil {
			return nil, err
		}
		st := Steward{Agency: c.Agency, Username: c.Username, DisplayName: demoName(c), Roles: c.Roles, PasswordHash: hash}
		if _, err := store.CreateSteward(ctx, st); err != nil {
			return nil, fmt.Errorf("seed steward %s: %w", c.Username, err)
		}
	}
	return creds, nil
}

func demoName(c Credential) string {
	return fmt.Sprintf("Demo %s of %s", c.Roles[0], c.Agency)
}
