package catalog

import (
	"fmt"
	"time"
)

// GrantStatus is where a grant stands in its approval workflow.
type GrantStatus string

// Grant statuses. Only an active grant within its validity counts.
const (
	GrantRequested GrantStatus = "requested"
	GrantActive    GrantStatus = "active"
	GrantRefused   GrantStatus = "refused"
	GrantRevoked   GrantStatus = "revoked"
)

var grantStatuses = []GrantStatus{GrantRequested, GrantActive, GrantRefused, GrantRevoked}

// RateLimit bounds a consumer's lookups under one grant.
type RateLimit struct {
	PerMinute int `json:"per_minute"`
	Burst     int `json:"burst"`
}

// Grant is a data-sharing agreement between a consumer agency and the owner
// of a dataset: which purposes, which fields, for how long, how fast.
type Grant struct {
	ID       string   `json:"id"`
	Consumer string   `json:"consumer"`
	Dataset  string   `json:"dataset"`
	Purposes []string `json:"purposes"`
	Fields   []string `json:"fields"`
	// Unmasked lists identifier fields the consumer receives in clear.
	Unmasked  []string    `json:"unmasked,omitempty"`
	ValidFrom time.Time   `json:"valid_from"`
	ValidTo   time.Time   `json:"valid_to"`
	RateLimit RateLimit   `json:"rate_limit"`
	Status    GrantStatus `json:"status"`
}

// MaxGrantFields bounds the lists in a grant.
const MaxGrantFields = 256

// Validate checks the grant on its own and against the dataset it names.
func (g Grant) Validate(d Dataset) error {
	if err := g.validateShape(); err != nil {
		return err
	}
	if g.Dataset != d.ID {
		return g.invalid(fmt.Sprintf("names dataset %q but was checked against %q", g.Dataset, d.ID))
	}
	if g.Consumer == d.Owner {
		return g.invalid(fmt.Sprintf("consumer %s owns dataset %s and needs no grant", g.Consumer, d.ID))
	}
	for _, name := range append(append([]string{}, g.Fields...), g.Unmasked...) {
		if _, ok := d.Field(name); !ok {
			return g.invalid(fmt.Sprintf("field %q does not exist in dataset %s", name, d.ID))
		}
	}
	for _, name := range g.Unmasked {
		if !contains(g.Fields, name) {
			return g.invalid(fmt.Sprintf("unmasked field %q is not among the granted fields", name))
		}
	}
	return nil
}

func (g Grant) validateShape() error {
	switch {
	case !ValidAgencyCode(g.Consumer):
		return g.invalid(fmt.Sprintf("consumer %q is not an agency code", g.Consumer))
	case !ValidDatasetID(g.Dataset):
		return g.invalid(fmt.Sprintf("dataset %q is not a dataset id", g.Dataset))
	case len(g.Purposes) == 0:
		return g.invalid("names no purpose")
	case len(g.Fields) == 0:
		return g.invalid("names no field")
	case len(g.Purposes) > MaxGrantFields || len(g.Fields) > MaxGrantFields:
		return g.invalid(fmt.Sprintf("lists more than %d purposes or fields", MaxGrantFields))
	case g.ValidFrom.IsZero() || g.ValidTo.IsZero():
		return g.invalid("needs valid_from and valid_to")
	case !g.ValidTo.After(g.ValidFrom):
		return g.invalid("valid_to must be after valid_from")
	case g.RateLimit.PerMinute < 0 || g.RateLimit.Burst < 0:
		return g.invalid("rate limit must not be negative")
	case !contains(grantStatuses, g.Status):
		return g.invalid(fmt.Sprintf("unknown status %q (want requested, active, refused or revoked)", g.Status))
	}
	for _, p := range g.Purposes {
		if !ValidPurposeCode(p) {
			return g.invalid(fmt.Sprintf("purpose %q is not a purpose code", p))
		}
	}
	return nil
}

func (g Grant) invalid(msg string) error {
	return Errorf(KindInvalid, "grant %s→%s: %s", g.Consumer, g.Dataset, msg)
}

// ValidAt reports whether the grant is active and in force at t.
func (g Grant) ValidAt(t time.Time) bool {
	return g.Status == GrantActive && !t.Before(g.ValidFrom) && t.Before(g.ValidTo)
}

// Overlaps reports whether two grants for the same consumer and dataset are
// both live (requested or active) over a common period.
func (g Grant) Overlaps(o Grant) bool {
	live := func(s GrantStatus) bool { return s == GrantActive || s == GrantRequested }
	return g.Consumer == o.Consumer && g.Dataset == o.Dataset && live(g.Status) && live(o.Status) &&
		g.ValidFrom.Before(o.ValidTo) && o.ValidFrom.Before(g.ValidTo)
}

// AllowsPurpose reports whether the grant lists the purpose.
func (g Grant) AllowsPurpose(code string) bool { return contains(g.Purposes, code) }
