package authn

import "github.com/gdx-exchange/gdx/catalog"

// Reason codes, one per check. They name the failed check without saying
// anything that would help a forger.
const (
	ReasonTokenMissing      = "token_missing"
	ReasonTokenMalformed    = "token_malformed"
	ReasonTokenTooLarge     = "token_too_large"
	ReasonTokenInQuery      = "token_in_query"
	ReasonHeaderMalformed   = "header_malformed"
	ReasonDuplicateMember   = "duplicate_member"
	ReasonTokenNotUTF8      = "token_not_utf8"
	ReasonTextInvalid       = "token_text_invalid"
	ReasonAlgNotAllowed     = "alg_not_allowed"
	ReasonCritUnsupported   = "crit_unsupported"
	ReasonKeyReference      = "header_key_reference"
	ReasonKidUnknown        = "kid_unknown"
	ReasonAlgKeyMismatch    = "alg_key_mismatch"
	ReasonSignatureInvalid  = "signature_invalid"
	ReasonClaimsMalformed   = "claims_malformed"
	ReasonIssuerMismatch    = "iss_mismatch"
	ReasonAudienceMismatch  = "aud_mismatch"
	ReasonExpired           = "token_expired"
	ReasonNotYetValid       = "token_not_yet_valid"
	ReasonIssuedInFuture    = "iat_in_future"
	ReasonLifetimeTooLong   = "lifetime_too_long"
	ReasonJTIMissing        = "jti_missing"
	ReasonJTIReplayed       = "jti_replayed"
	ReasonSubjectMissing    = "sub_missing"
	ReasonPurposeUnknown    = "purpose_unknown"
	ReasonIALInvalid        = "ial_invalid"
	ReasonAALInvalid        = "aal_invalid"
	ReasonBindingMissing    = "cnf_missing"
	ReasonBindingMismatch   = "cnf_mismatch"
	ReasonAgencyUnavailable = "agency_keys_unavailable"
)

// fail builds the error for a failed check.
func fail(reason, msg string) *catalog.Error {
	return catalog.Errorf(catalog.KindUnauthenticated, "request token refused: %s", msg).WithReason(reason)
}
