package catalog

import (
	"regexp"
	"strings"
)

// AgencyStatus says whether an agency may use the exchange.
type AgencyStatus string

// Agency statuses. A suspended agency is refused at once.
const (
	AgencyActive    AgencyStatus = "active"
	AgencySuspended AgencyStatus = "suspended"
)

// Agency is a government agency registered at the exchange, as a consumer,
// an owner of datasets, or both.
type Agency struct {
	Code     string       `json:"code"`
	NameTH   string       `json:"name_th"`
	NameEN   string       `json:"name_en"`
	Ministry string       `json:"ministry"`
	Status   AgencyStatus `json:"status"`
}

var agencyCode = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,15}$`)

// ValidAgencyCode reports whether code has the agency code form: 2–16
// characters of A–Z, 0–9 and '-', not starting with '-'.
func ValidAgencyCode(code string) bool { return agencyCode.MatchString(code) }

// Validate checks the agency before it is stored.
func (a Agency) Validate() error {
	switch {
	case !ValidAgencyCode(a.Code):
		return Errorf(KindInvalid, "agency code %q must be 2-16 characters of A-Z, 0-9 and '-'", a.Code)
	case strings.TrimSpace(a.NameTH) == "" && strings.TrimSpace(a.NameEN) == "":
		return Errorf(KindInvalid, "agency %s needs a Thai or English name", a.Code)
	case a.Status != AgencyActive && a.Status != AgencySuspended:
		return Errorf(KindInvalid, "agency %s: status %q must be active or suspended", a.Code, a.Status)
	}
	return nil
}

// Active reports whether the agency may use the exchange.
func (a Agency) Active() bool { return a.Status == AgencyActive }
