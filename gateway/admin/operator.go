package admin

import (
	"context"
	"errors"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/certs"
	"github.com/gdx-exchange/gdx/policies"
)

// Actions that only the exchange operator's tools take today; the API
// shares the others with them (key.add, key.rotate, key.revoke,
// steward.add), so that one action leaves one kind of event whichever
// front end took it.
const (
	ActionAgencyAdd      = "agency.add"
	ActionAgencySuspend  = "agency.suspend"
	ActionAgencyActivate = "agency.activate"
	ActionStewardPasswd  = "steward.passwd"
	ActionCertRevoke     = "cert.revoke"
	ActionCatalogImport  = "catalog.import"
)

// OperatorPrefix starts the name of every operator in the audit trail,
// so that no steward's username (which has no ':') can pass for one.
const OperatorPrefix = "operator:"

// Operator returns the caller behind the operator's command-line tools:
// who (the OS user and host, such as "root@gdx-1") holding the central
// office's admin rights, as whoever holds the database does. requestID
// ties together the events of one command.
func Operator(who, requestID string) Caller {
	return Caller{RequestID: requestID, Steward: Steward{Username: OperatorPrefix + who, Agency: CentralOffice,
		Roles: []Role{policies.RoleAdmin}}}
}

// CertRegistry is the register of issued certificates, as far as the
// admin verbs need it.
type CertRegistry interface {
	// Revoke marks the certificate revoked at at, for reason. Errors:
	// wrapping certs.ErrNotFound (unknown serial) or certs.ErrRevoked.
	Revoke(ctx context.Context, serial, reason string, at time.Time) error
}

// AddAgency registers an agency, active unless a status is given; only
// the central office registers agencies. Errors: forbidden, invalid,
// conflict (the code is taken).
func (s *Service) AddAgency(ctx context.Context, by Caller, a catalog.Agency) error {
	if a.Status == "" {
		a.Status = catalog.AgencyActive
	}
	return s.change(ctx, by, ActionAgencyAdd, "agency/"+a.Code, a, func() error {
		if err := by.Steward.may("register agencies", CentralOffice, admins...); err != nil {
			return err
		}
		return s.catalog.CreateAgency(ctx, a)
	})
}

// SetAgencyStatus suspends or reactivates an agency; gateways refuse a
// suspended agency's requests at once. Only the central office may.
// Errors: forbidden, not found, invalid (an unknown status).
func (s *Service) SetAgencyStatus(ctx context.Context, by Caller, code string, status catalog.AgencyStatus) (catalog.Agency, error) {
	action := ActionAgencySuspend
	if status == catalog.AgencyActive {
		action = ActionAgencyActivate
	}
	var a catalog.Agency
	err := s.change(ctx, by, action, "agency/"+code, map[string]string{"status": string(status)}, func() (err error) {
		if err := by.Steward.may("suspend or activate agencies", CentralOffice, admins...); err != nil {
			return err
		}
		if a, err = s.catalog.FindAgency(ctx, code); err != nil {
			return err
		}
		a.Status = status
		return s.catalog.UpdateAgency(ctx, a)
	})
	return a, err
}

// SetStewardPassword replaces an account's password, unlocks it and ends
// its sessions; an agency's admins do so for their own agency's accounts,
// the central office for anyone's. The password is never audited.
// Errors: forbidden, not found, invalid (see CheckPassword).
func (s *Service) SetStewardPassword(ctx context.Context, by Caller, username, password string) error {
	return s.change(ctx, by, ActionStewardPasswd, "steward/"+username, nil, func() error {
		st, err := s.stewards.FindStewardByUsername(ctx, username)
		if err != nil {
			return err
		}
		if err := by.Steward.may("change steward passwords", st.Agency, admins...); err != nil {
			return err
		}
		hash, err := s.hash(ctx, password)
		if err != nil {
			return err
		}
		return s.stewards.SetPassword(ctx, st.ID, hash)
	})
}

// hash hashes a new password in one of the service's hashing slots.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	release, err := s.hashSlot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(password, s.cfg.Password)
}

// RevokeCertificate revokes an issued certificate; running gateways
// refuse it within their revocation reload. Only the central office may.
// Errors: forbidden, not found, conflict (already revoked), unavailable
// (no certificate registry wired).
func (s *Service) RevokeCertificate(ctx context.Context, by Caller, serial, reason string) error {
	return s.change(ctx, by, ActionCertRevoke, "cert/"+serial, map[string]string{"reason": truncate(reason, 200)}, func() error {
		if err := by.Steward.may("revoke certificates", CentralOffice, admins...); err != nil {
			return err
		}
		if s.certs == nil {
			return catalog.Errorf(catalog.KindUnavailable, "this service has no certificate registry")
		}
		return certErr(s.certs.Revoke(ctx, serial, reason, s.now()))
	})
}

// certErr gives the registry's sentinel errors their catalog kind,
// keeping the message, which names the serial.
func certErr(err error) error {
	switch {
	case errors.Is(err, certs.ErrNotFound):
		return catalog.Errorf(catalog.KindNotFound, "%v", err).Wrap(err)
	case errors.Is(err, certs.ErrRevoked):
		return catalog.Errorf(catalog.KindConflict, "%v", err).Wrap(err)
	}
	return err
}
