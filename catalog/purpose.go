package catalog

import (
	"regexp"
	"strings"
)

// LawfulBasis is the PDPA basis on which personal data is processed for a
// purpose: consent (s.19) or one of the bases of s.24.
type LawfulBasis string

// Lawful bases.
const (
	BasisConsent            LawfulBasis = "consent"             // s.19
	BasisResearch           LawfulBasis = "research"            // s.24(1)
	BasisVitalInterest      LawfulBasis = "vital_interest"      // s.24(2)
	BasisContract           LawfulBasis = "contract"            // s.24(3)
	BasisPublicTask         LawfulBasis = "public_task"         // s.24(4)
	BasisLegitimateInterest LawfulBasis = "legitimate_interest" // s.24(5)
	BasisLegalObligation    LawfulBasis = "legal_obligation"    // s.24(6)
)

// LawfulBases lists every basis.
var LawfulBases = []LawfulBasis{BasisConsent, BasisResearch, BasisVitalInterest, BasisContract,
	BasisPublicTask, BasisLegitimateInterest, BasisLegalObligation}

// SensitiveBasis is the PDPA s.26 ground that allows processing sensitive
// data for a purpose; empty means the purpose does not cover sensitive data.
type SensitiveBasis string

// The s.26 grounds a purpose can rely on.
const (
	SensitiveNone            SensitiveBasis = ""
	SensitiveExplicitConsent SensitiveBasis = "explicit_consent" // s.26 first paragraph
	SensitiveVitalInterest   SensitiveBasis = "vital_interest"   // s.26(1)
	SensitiveLegalClaims     SensitiveBasis = "legal_claims"     // s.26(4)
	SensitiveLegalDuty       SensitiveBasis = "legal_duty"       // s.26(5)
)

var sensitiveBases = []SensitiveBasis{SensitiveNone, SensitiveExplicitConsent, SensitiveVitalInterest,
	SensitiveLegalClaims, SensitiveLegalDuty}

// Purpose is a registered reason for a lookup, with its lawful basis.
type Purpose struct {
	Code           string         `json:"code"`
	DescriptionTH  string         `json:"description_th"`
	DescriptionEN  string         `json:"description_en"`
	Basis          LawfulBasis    `json:"basis"`
	SensitiveBasis SensitiveBasis `json:"sensitive_basis,omitempty"`
}

var purposeCode = regexp.MustCompile(`^[a-z][a-z0-9_.-]{1,63}$`)

// ValidPurposeCode reports whether code has the purpose code form.
func ValidPurposeCode(code string) bool { return purposeCode.MatchString(code) }

// CoversSensitive reports whether the purpose may process PDPA s.26 data.
func (p Purpose) CoversSensitive() bool { return p.SensitiveBasis != SensitiveNone }

// Validate checks the purpose before it is stored.
func (p Purpose) Validate() error {
	switch {
	case !ValidPurposeCode(p.Code):
		return Errorf(KindInvalid, "purpose code %q must be 2-64 characters of a-z, 0-9, '_', '.' and '-', starting with a letter", p.Code)
	case strings.TrimSpace(p.DescriptionTH) == "" && strings.TrimSpace(p.DescriptionEN) == "":
		return Errorf(KindInvalid, "purpose %s needs a Thai or English description", p.Code)
	case !contains(LawfulBases, p.Basis):
		return Errorf(KindInvalid, "purpose %s: unknown lawful basis %q (want one of %s)", p.Code, p.Basis, list(LawfulBases))
	case !contains(sensitiveBases, p.SensitiveBasis):
		return Errorf(KindInvalid, "purpose %s: unknown s.26 basis %q (want explicit_consent, vital_interest, legal_claims, legal_duty or empty)", p.Code, p.SensitiveBasis)
	}
	return nil
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func list[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}
