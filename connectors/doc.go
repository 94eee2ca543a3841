// Package connectors fetches records from the backing agencies that own
// them: the civil registry (persons, houses) and the juristic registry
// (companies). Its one job is to turn a catalog dataset and a record key into
// a Record in the catalog's field names, or into a catalog error of a clear
// kind, without ever outliving the caller's deadline.
//
// A Registry holds one HTTP JSON client per upstream, with pooled keep-alive
// connections over mutual TLS, a per-call timeout, bounded jittered retries
// for idempotent calls (GET, on 502/503/504 and connection failures, never on
// a 4xx), a circuit breaker, a body size limit and strict validation of what
// comes back. Connectors are chosen by the dataset's Connector name
// ("civil-registry/person", "civil-registry/house",
// "juristic-registry/company"); the upstream address comes from
// configuration, never from the request.
//
// Upstream bodies are in the real services' shapes (see connectors/sim, which
// simulates them) and are mapped to the catalog's names: dates become ISO
// 8601 Gregorian dates (yyyy-mm-dd, or yyyy-mm / yyyy when the registry
// records only part of a date), addresses become objects with house_no,
// village_no, alley, road, subdistrict, district, province and postcode, and
// state enumerations become stable codes (sex: male/female; person status:
// alive/deceased; company status: active, restored, dissolved, liquidated,
// abandoned, bankrupt, rehabilitation; house role: head/resident).
// Descriptive text (titles, nationality, religion, juristic type) stays in
// the registry's Thai.
//
// Record values are JSON-like, as encoding/json would decode them: string,
// float64, bool, nil, map[string]any and []any.
//
// Upstream answers on the lookup path are decoded with internal/jsontext's
// Reader rather than by encoding/json's reflection, with the same meaning
// for every body (FuzzDecodePersonIsEncodingJSON).
//
// NOTE: connectors imports only catalog and internal/jsontext (the JSON
// reader, a leaf) from this module. Its simulators
// (connectors/sim) and synthetic data (connectors/synth) are subpackages
// that the root never imports.
package connectors
