package catalog

// Reason codes of the errors catalog returns. They are part of the wire
// contract: callers match on them, so a code never changes meaning.
const (
	ReasonKeyMalformed       = "key_malformed"        // the record key is not of its kind's form
	ReasonKeyChecksum        = "key_checksum"         // the record key's check digit is wrong
	ReasonKeyNotSupported    = "key_not_supported"    // the dataset is not looked up by key
	ReasonGrantStatusChanged = "grant_status_changed" // a grant moved on under a compare-and-set
	// ReasonDatabaseUnavailable is the reason of storage errors that say
	// "retry later" (see ErrorKind).
	ReasonDatabaseUnavailable = "database_unavailable"
)
