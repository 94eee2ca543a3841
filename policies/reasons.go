package policies

// Reason codes of the baseline and of the engine. Codes marked "field"
// are written "code:field" for each field they concern.
const (
	ReasonPolicyError      = "policy_error"              // evaluation failed or gave no result
	ReasonNoPolicy         = "no_policy"                 // no policy set is active
	ReasonInvalidInput     = "invalid_input"             // the input lacks a required part
	ReasonTopSecret        = "top_secret"                // top secret data never leaves its owner
	ReasonUnknownClass     = "unknown_classification"    // the dataset's level is not one of five
	ReasonAgencySuspended  = "agency_suspended"          // the consumer agency is not active
	ReasonNoGrant          = "no_grant"                  // no grant between agency and dataset
	ReasonGrantExpired     = "grant_expired"             // the grant's validity has ended
	ReasonGrantNotYetValid = "grant_not_yet_valid"       // the grant's validity has not begun
	ReasonGrantNotActive   = "grant_not_active"          // the grant is requested, refused or revoked
	ReasonPurposeNotGrant  = "purpose_not_in_grant"      // the purpose is not among the grant's
	ReasonIALTooLow        = "ial_too_low"               // the officer's IAL is below what is needed
	ReasonAALTooLow        = "aal_too_low"               // the officer's AAL is below what is needed
	ReasonNoFieldsAsked    = "no_fields_requested"       // the request names no field
	ReasonNoFieldsAllowed  = "no_fields_allowed"         // every requested field was withheld
	ReasonUnknownField     = "unknown_field"             // field: not a field of the dataset
	ReasonFieldNotGranted  = "field_not_granted"         // field: not among the grant's fields
	ReasonSensitiveBasis   = "sensitive_needs_s26_basis" // field: PDPA s.26 data, purpose lacks the basis
	ReasonOwnerDenied      = "owner_denied"              // the owner's module refused without a reason
	ReasonOwnerWithheld    = "owner_withheld"            // field: the owner's module withheld it
)

// Reason codes of the steward workflow's refusals (versions, approvals,
// activation).
const (
	ReasonSelfApproval        = "self_approval"         // the author cannot approve their own version
	ReasonPolicyNotTested     = "policy_not_tested"     // only a tested version can be approved
	ReasonPolicyNotApproved   = "policy_not_approved"   // only an approved version can be activated
	ReasonPolicyNotSuperseded = "policy_not_superseded" // rollback goes only to a version that was active before
	ReasonPolicyRefused       = "policy_refused"        // the policy set failed its checks or tests
	ReasonPolicyStale         = "policy_stale"          // the draft is based on a version no longer active
	ReasonPolicyScope         = "policy_scope"          // the steward does not cover a scope the change touches
	ReasonPolicyRole          = "policy_role"           // the steward's role may not do this
)
