package gateway

// Reason codes of the front door: requests refused before any route sees
// them (frontdoor.go). Query strings a route does not take are refused
// with httpapi's ReasonQuery codes.
const (
	ReasonLengthRequired = "length_required"
	ReasonURITooLong     = "uri_too_long"
	ReasonURINotText     = "uri_not_text"
)
