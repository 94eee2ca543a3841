package connectors

// Reason codes on the catalog errors that connectors return.
const (
	ReasonNotFound      = "record_not_found"
	ReasonUpstreamError = "upstream_error"
	ReasonBadBody       = "upstream_bad_body"
	ReasonRefused       = "upstream_refused"
	ReasonTimeout       = "upstream_timeout"
	ReasonCircuitOpen   = "upstream_circuit_open"
	ReasonUnreachable   = "upstream_unreachable"
	ReasonCanceled      = "request_canceled"
	ReasonNoConnector   = "connector_unavailable"
	ReasonOwnerMismatch = "connector_owner_mismatch" // the dataset's owner is not the connector's
)
