// Package upload lets a licensing agency load its own licences through the
// agency API, the same front door as lookups (mutual TLS and a signed
// request JWT): POST /v1/licences with a CSV (text/csv) or NDJSON
// (application/x-ndjson) body, validated row by row exactly as
// `gdx opendata import` validates a file. An agency writes only its own
// licences: the issuer is the authenticated agency, and a row naming
// another is refused.
//
// Every load is audited before it changes anything (the attempt) and again
// with its outcome, both durable before the answer leaves; if the attempt
// cannot be recorded nothing is loaded.
//
// NOTE: upload imports opendata/licence, audit, catalog and
// internal/httpapi; it never imports gateway, which mounts it.
package upload
