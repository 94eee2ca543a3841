package admin

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

// CentralOffice is the agency code of the exchange's central office. An
// admin of it may change everything: every agency's policies, grants,
// datasets and keys, and the baseline policy.
const CentralOffice = "DGA"

// Role is what a steward account may do; the names are the policy
// workflow's (policies.RoleSteward …) so that one word means one thing.
type Role = policies.Role

// Roles lists every role in rising order of what it may change.
var Roles = []Role{policies.RoleAuditor, policies.RoleSteward, policies.RoleApprover, policies.RoleAdmin}

// Steward is a person at an agency who looks after its data: they log in
// to the admin API and act for their agency within their roles.
type Steward struct {
	ID          string `json:"id"`
	Agency      string `json:"agency"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Roles       []Role `json:"roles"`
	// PasswordHash is the argon2id PHC string (see HashPassword); it never
	// leaves the server.
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	// FailedLogins counts consecutive failed logins since the last
	// success or lockout.
	FailedLogins int `json:"failed_logins"`
	// LockedUntil is when a lockout ends; zero when the account is not
	// locked.
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

var usernameForm = regexp.MustCompile(`^[a-z][a-z0-9._-]{2,63}$`)

// ValidUsername reports whether name has the username form: 3–64
// characters of a–z, 0–9, '.', '_' and '-', starting with a letter.
func ValidUsername(name string) bool { return usernameForm.MatchString(name) }

// Validate checks the account before it is stored. Errors: invalid.
func (s Steward) Validate() error {
	switch {
	case !ValidUsername(s.Username):
		return catalog.Errorf(catalog.KindInvalid, "username %q must be 3-64 characters of a-z, 0-9, '.', '_' and '-', starting with a letter", s.Username)
	case !catalog.ValidAgencyCode(s.Agency):
		return catalog.Errorf(catalog.KindInvalid, "steward %s: agency %q is not an agency code", s.Username, s.Agency)
	case len(s.DisplayName) > 200:
		return catalog.Errorf(catalog.KindInvalid, "steward %s: display name is longer than 200 bytes", s.Username)
	}
	if err := CheckHash(s.PasswordHash); err != nil {
		return err
	}
	return ValidateRoles(s.Roles)
}

// ValidateRoles checks a role list: at least one role, each known, none
// twice. Errors: invalid.
func ValidateRoles(roles []Role) error {
	if len(roles) == 0 {
		return catalog.Errorf(catalog.KindInvalid, "a steward needs at least one role (steward, approver, auditor, admin)")
	}
	for i, r := range roles {
		if !slices.Contains(Roles, r) {
			return catalog.Errorf(catalog.KindInvalid, "unknown role %q (want steward, approver, auditor or admin)", r)
		}
		if slices.Contains(roles[:i], r) {
			return catalog.Errorf(catalog.KindInvalid, "role %s is listed twice", r)
		}
	}
	return nil
}

// ParseRoles reads a comma-separated role list such as "steward,approver".
// Errors: invalid.
func ParseRoles(list string) ([]Role, error) {
	var roles []Role
	for _, r := range strings.Split(list, ",") {
		if r = strings.TrimSpace(r); r != "" {
			roles = append(roles, Role(strings.ToLower(r)))
		}
	}
	return roles, ValidateRoles(roles)
}

// Has reports whether the steward holds the role.
func (s Steward) Has(r Role) bool { return slices.Contains(s.Roles, r) }

// Central reports whether the steward is an admin of the central office,
// who may change everything.
func (s Steward) Central() bool { return s.Agency == CentralOffice && s.Has(policies.RoleAdmin) }

// LockedAt reports whether a lockout is in force at t.
func (s Steward) LockedAt(t time.Time) bool { return t.Before(s.LockedUntil) }

// Actor returns the steward as the policy workflow sees them: one role,
// the strongest held. An admin outside the central office acts as an
// approver, so that policies.Actor.Covers keeps them to their own module.
func (s Steward) Actor() policies.Actor {
	a := policies.Actor{Name: s.Username, Agency: s.Agency, Role: policies.RoleAuditor}
	switch {
	case s.Central():
		a.Role = policies.RoleAdmin
	case s.Has(policies.RoleApprover) || s.Has(policies.RoleAdmin):
		a.Role = policies.RoleApprover
	case s.Has(policies.RoleSteward):
		a.Role = policies.RoleSteward
	}
	return a
}

// may checks that the steward holds one of the roles and acts for the
// agency (or is a central admin). It is the one scope rule of the admin
// API besides the policy workflow's own. Errors: forbidden.
func (s Steward) may(verb, agency string, roles ...Role) error {
	if s.Central() {
		return nil
	}
	if !slices.ContainsFunc(roles, s.Has) {
		return catalog.Errorf(catalog.KindForbidden, "%s (%s) may not %s: it needs the role %s",
			s.Username, roleList(s.Roles), verb, roleList(roles)).WithReason(ReasonRole)
	}
	if agency != s.Agency {
		return catalog.Errorf(catalog.KindForbidden, "%s of %s may not %s for %s; stewards act only for their own agency",
			s.Username, s.Agency, verb, agency).WithReason(ReasonScope)
	}
	return nil
}

// sees reports whether the steward may read the agency's records: its
// own stewards, and anyone of the central office.
func (s Steward) sees(agency string) bool { return s.Agency == agency || s.Agency == CentralOffice }

func roleList(roles []Role) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return strings.Join(out, " or ")
}

// changers are the roles that may change their agency's records; an
// auditor only reads.
var changers = []Role{policies.RoleSteward, policies.RoleApprover, policies.RoleAdmin}

// deciders are the roles that may decide on another agency's request.
var deciders = []Role{policies.RoleApprover, policies.RoleAdmin}

// String names the steward for logs and messages.
func (s Steward) String() string { return fmt.Sprintf("%s (%s)", s.Username, s.Agency) }
