package licence

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Verification answers a public licence check: the licence's public view,
// its status on the day asked, and a plain sentence in Thai and English.
type Verification struct {
	PublicLicence
	// IssuerNameTH and IssuerNameEN name the issuing agency, where the
	// caller knows it.
	IssuerNameTH string `json:"issuer_name_th,omitempty"`
	IssuerNameEN string `json:"issuer_name_en,omitempty"`
	// StatusNow is the status on CheckedOn (Licence.StatusAt).
	StatusNow   Status `json:"status_now"`
	StatusNowTH string `json:"status_now_th"`
	// ValidNow is true only for a licence active on CheckedOn.
	ValidNow  bool           `json:"valid_now"`
	Message   string         `json:"message"`
	MessageTH string         `json:"message_th"`
	CheckedOn Date           `json:"checked_on"`
	History   []StatusChange `json:"history"`
}

// Limits on the raw input of a licence check, in bytes.
const (
	maxIssuerInput = 16
	maxNumberInput = 3 * MaxNumber // Thai digits take three bytes each
)

// Verify checks a licence by issuer and number, as a citizen does before
// hiring a builder or eating at a shop: the issuer is an agency code (any
// case), the number is read as NormalizeNumber reads it. Errors: invalid
// (with reason issuer_malformed or number_malformed), not found (reason
// licence_not_found: no such licence exists).
func Verify(ctx context.Context, f Finder, issuer, number string, now time.Time) (Verification, error) {
	issuer = strings.ToUpper(strings.TrimSpace(issuer))
	if len(issuer) > maxIssuerInput || !catalog.ValidAgencyCode(issuer) {
		return Verification{}, catalog.Errorf(catalog.KindInvalid,
			"the issuer must be an agency code such as DLA (2-16 characters of A-Z, 0-9 and '-')").WithReason("issuer_malformed")
	}
	if len(number) > maxNumberInput {
		return Verification{}, catalog.Errorf(catalog.KindInvalid, "the licence number is longer than %d characters", MaxNumber).WithReason("number_malformed")
	}
	n, err := NormalizeNumber(number)
	if err != nil {
		return Verification{}, catalog.Errorf(catalog.KindInvalid, "the licence number %s", err).WithReason("number_malformed")
	}
	l, err := f.Find(ctx, issuer, n)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return Verification{}, catalog.Errorf(catalog.KindNotFound,
			"licence %s issued by %s does not exist: check the number and the issuer on the displayed licence; a licence that is not in the issuer's database is not valid", n, issuer).
			WithReason("licence_not_found").Wrap(err)
	}
	if err != nil {
		return Verification{}, fmt.Errorf("verify licence %s/%s: %w", issuer, n, err)
	}
	return verification(l, now), nil
}

func verification(l Licence, now time.Time) Verification {
	v := Verification{PublicLicence: l.Public(), StatusNow: l.StatusAt(now), CheckedOn: Today(now), History: l.History}
	v.StatusNowTH = v.StatusNow.Thai()
	v.ValidNow = v.StatusNow == StatusActive
	v.Message, v.MessageTH = message(l, v.StatusNow)
	if v.History == nil {
		v.History = []StatusChange{}
	}
	return v
}

// message says in a sentence what the licence's status means.
func message(l Licence, now Status) (en, th string) {
	until, untilTH := "", ""
	if !l.ExpiresOn.IsZero() {
		until, untilTH = " until "+l.ExpiresOn.String(), " ถึงวันที่ "+l.ExpiresOn.String()
	}
	switch now {
	case StatusActive:
		return "This licence is valid" + until + ".", "ใบอนุญาตนี้ใช้ได้" + untilTH
	case StatusExpired:
		if l.ExpiresOn.IsZero() {
			return "This licence has expired: it is no longer valid.", "ใบอนุญาตนี้หมดอายุแล้ว ใช้ไม่ได้"
		}
		return "This licence expired on " + l.ExpiresOn.String() + ": it is no longer valid.",
			"ใบอนุญาตนี้หมดอายุเมื่อวันที่ " + l.ExpiresOn.String() + " ใช้ไม่ได้แล้ว"
	case StatusSuspended:
		return "This licence is suspended by " + l.Issuer + ": it is not valid while the suspension lasts.",
			"ใบอนุญาตนี้ถูกพักใช้ ใช้ไม่ได้ระหว่างพักใช้"
	}
	return "This licence was revoked by " + l.Issuer + ": it is not valid.", "ใบอนุญาตนี้ถูกเพิกถอนแล้ว ใช้ไม่ได้"
}
