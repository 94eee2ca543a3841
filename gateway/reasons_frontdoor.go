package gateway

// Reason codes of the front door: requests refused before any route sees
// them (frontdoor.go), and query strings the agency API does not take.
const (
	ReasonLengthRequired = "length_required"
	ReasonURITooLong     = "uri_too_long"
	ReasonURINotText     = "uri_not_text"
	ReasonQueryUnknown   = "query_unknown"
	ReasonQueryRepeated  = "query_repeated"
	ReasonQueryMalformed = "query_malformed"
)
