package httpapi

// Reason codes of the answers this package makes itself.
const (
	// ReasonNoRoute answers a method and path that no route serves.
	ReasonNoRoute = "no_route"
)
