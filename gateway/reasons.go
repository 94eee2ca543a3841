package gateway

// Reason codes of the agency API's answers. They are the wire contract:
// an agency's back end matches on them, so a code never changes meaning.
// The request JWT's checks are in authn; policy refusals carry the
// policies package's codes; the owner's failures the connectors'.

// Checks of the client certificate, as the audit names them (a refused
// handshake) and as a refused request's reason.
const (
	ReasonNoClientCert  = "client_certificate_missing"
	ReasonCertIdentity  = "client_certificate_identity"
	ReasonUnknownAgency = "agency_unknown"
	ReasonAgencySuspend = "agency_suspended"
	CheckCertUntrusted  = "client_certificate_untrusted"
	CheckCertExpired    = "client_certificate_expired"
	CheckCertRevoked    = "client_certificate_revoked"
	// CheckCertWeak: the certificate's key is below the exchange's
	// minimum (certs.CheckClientKey), at the handshake or on a request.
	CheckCertWeak       = "client_certificate_key_weak"
	CheckRevocationList = "revocation_list_stale"
	CheckTLSProtocol    = "tls_protocol"
)

// Reasons of a refused request before or beside the policy.
const (
	ReasonDatasetUnknown  = "dataset_unknown"   // no such dataset in the catalog
	ReasonTooManyFields   = "too_many_fields"   // more than MaxRequestedFields asked for
	ReasonFieldsTooLong   = "fields_too_long"   // ?fields= longer than MaxFieldsParam
	ReasonHeadersTooLarge = "headers_too_large" // the request's headers are too large
	ReasonBatchSize       = "batch_size"        // a batch of no keys or more than MaxBatchKeys
	ReasonBatchOverBurst  = "batch_over_burst"  // a batch larger than the rate limit's burst
	ReasonRateLimited     = "rate_limited"      // the consumer's bucket is empty; see Retry-After
	ReasonBodyTooLarge    = "body_too_large"    // the body exceeds the listener's limit
	ReasonBodyMalformed   = "body_malformed"    // the body is not the JSON the endpoint takes
	// ReasonDenied is a policy refusal that names no reason of its own.
	ReasonDenied = "denied"
)
