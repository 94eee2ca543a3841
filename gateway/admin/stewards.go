package admin

import (
	"context"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

// Actions of steward management.
const (
	ActionStewardAdd     = "steward.add"
	ActionStewardDisable = "steward.disable"
)

// admins are the roles that manage accounts.
var admins = []Role{policies.RoleAdmin}

// NewSteward is a steward account to create; its password is generated.
type NewSteward struct {
	Agency      string `json:"agency"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Roles       []Role `json:"roles"`
}

// CreatedSteward is the new account and its one-time password, shown once.
type CreatedSteward struct {
	Steward  Steward `json:"steward"`
	Password string  `json:"password"`
}

// ListStewards returns the agency's accounts (every account for the
// central office). Errors: forbidden.
func (s *Service) ListStewards(ctx context.Context, by Caller, agency string) ([]Steward, error) {
	if !by.Steward.Central() {
		if err := by.Steward.may("list steward accounts", by.Steward.Agency, admins...); err != nil {
			return nil, err
		}
		agency = by.Steward.Agency
	}
	list, err := s.stewards.ListStewards(ctx, agency)
	return nonNil(list), err
}

// AddSteward creates an account at an agency with a generated password;
// an agency's admins add their own agency's stewards, the central office
// anyone's. Errors: forbidden, invalid, conflict.
func (s *Service) AddSteward(ctx context.Context, by Caller, n NewSteward) (CreatedSteward, error) {
	password := NewPassword()
	st, err := s.AddStewardWithPassword(ctx, by, n, password)
	return CreatedSteward{Steward: st, Password: password}, err
}

// AddStewardWithPassword is AddSteward with a password the caller chose
// (the operator's tools read it from a file or standard input); the
// password is never audited. Errors: forbidden, invalid (see also
// CheckPassword), conflict.
func (s *Service) AddStewardWithPassword(ctx context.Context, by Caller, n NewSteward, password string) (Steward, error) {
	var st Steward
	err := s.change(ctx, by, ActionStewardAdd, "steward/"+n.Username, n, func() error {
		if err := by.Steward.may("add steward accounts", n.Agency, admins...); err != nil {
			return err
		}
		if _, err := s.catalog.FindAgency(ctx, n.Agency); err != nil {
			return catalog.Errorf(catalog.KindInvalid, "agency %q is not registered", n.Agency).Wrap(err)
		}
		hash, err := s.hash(ctx, password)
		if err != nil {
			return err
		}
		st, err = s.stewards.CreateSteward(ctx, Steward{Agency: n.Agency, Username: n.Username, DisplayName: n.DisplayName,
			Roles: n.Roles, PasswordHash: hash, CreatedAt: s.now()})
		return err
	})
	return st, err
}

// DisableSteward disables an account and ends its sessions. Errors:
// forbidden, not found.
func (s *Service) DisableSteward(ctx context.Context, by Caller, username string) error {
	return s.change(ctx, by, ActionStewardDisable, "steward/"+username, nil, func() error {
		st, err := s.stewards.FindStewardByUsername(ctx, username)
		if err != nil {
			return err
		}
		if err := by.Steward.may("disable steward accounts", st.Agency, admins...); err != nil {
			return err
		}
		return s.stewards.SetDisabled(ctx, st.ID, true)
	})
}
