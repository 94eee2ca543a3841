package portal

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/internal/web"
)

// Licences is what the licence check reads of the licence databases;
// cmd/gdx backs it with opendata/licence's store.
type Licences interface {
	// FindLicences finds up to limit licences by number (exact) or by a
	// part of a juristic licensee's business name. Errors: invalid (the
	// query cannot be searched; its message is shown next to the field),
	// unavailable, internal.
	FindLicences(ctx context.Context, query string, limit int) ([]Licence, error)
	// Licence returns one licence by issuer and number, with its status
	// today. Errors: not found (no such licence), invalid (a malformed
	// issuer or number), unavailable, internal.
	Licence(ctx context.Context, issuer, number string) (Licence, error)
}

// Licence is the public view of a licence that the pages show: what a
// citizen checking it needs, and nothing that names a natural person.
type Licence struct {
	// Issuer is the issuing agency's code; IssuerNameTH and IssuerNameEN
	// name it.
	Issuer, IssuerNameTH, IssuerNameEN string
	Number                             string
	// Type is the licence type's code, TypeTH and TypeEN its names.
	Type, TypeTH, TypeEN string
	// Office is the issuing office.
	Office string
	// BusinessName and JuristicID name a juristic licensee; for a
	// natural person both are empty and LicenseeWithheld is true.
	BusinessName, JuristicID string
	LicenseeWithheld         bool
	Province, District       string
	Subdistrict              string
	// IssuedOn and ExpiresOn are calendar days (their zone is ignored);
	// a zero ExpiresOn means the licence does not expire.
	IssuedOn, ExpiresOn time.Time
	// Status is what the agency recorded, StatusNow the status today:
	// active, expired, suspended or revoked.
	Status, StatusNow string
	// CheckedOn is the day StatusNow is for.
	CheckedOn time.Time
}

// Licence statuses.
const (
	StatusActive    = "active"
	StatusExpired   = "expired"
	StatusSuspended = "suspended"
	StatusRevoked   = "revoked"
)

// Valid reports whether the licence may be relied on today.
func (l Licence) Valid() bool { return l.StatusNow == StatusActive }

// MessageKey is the message that says what StatusNow means; the message
// takes the expiry day and the issuer's name as its arguments.
func (l Licence) MessageKey() string {
	k := "licence.message." + l.StatusNow
	if l.ExpiresOn.IsZero() && (l.StatusNow == StatusActive || l.StatusNow == StatusExpired) {
		k += "_noexpiry"
	}
	return k
}

// Path is the address of the licence's page on the portal. The number
// keeps its slashes ("12/2567"), each segment escaped.
func (l Licence) Path() string {
	segs := strings.Split(l.Number, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/licences/" + url.PathEscape(l.Issuer) + "/" + strings.Join(segs, "/")
}

// QRPath is the address of the licence's QR code image.
func (l Licence) QRPath() string { return "/qr" + l.Path() }

// IssuerName is the issuing agency's name in lang.
func (l Licence) IssuerName(lang web.Lang) string {
	if lang == web.English && l.IssuerNameEN != "" {
		return l.IssuerNameEN
	}
	if l.IssuerNameTH != "" {
		return l.IssuerNameTH
	}
	return l.Issuer
}

// TypeName is the licence type's name in lang.
func (l Licence) TypeName(lang web.Lang) string {
	if lang == web.English && l.TypeEN != "" {
		return l.TypeEN
	}
	if l.TypeTH != "" {
		return l.TypeTH
	}
	return l.Type
}
