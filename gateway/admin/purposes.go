package admin

import (
	"context"

	"github.com/gdx-exchange/gdx/catalog"
)

// ListPurposes returns every registered purpose with its PDPA basis,
// ordered by code. Purposes are not secret (grant requests name them), so
// any steward may read them.
func (s *Service) ListPurposes(ctx context.Context, _ Caller) ([]catalog.Purpose, error) {
	ps, err := s.catalog.ListPurposes(ctx)
	return nonNil(ps), err
}

// LockoutPolicy is how many failed logins lock an account and for how
// long, so that a login page can tell stewards what to expect.
func (s *Service) LockoutPolicy() Lockout { return s.cfg.Lockout }
