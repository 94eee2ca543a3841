// Package verify serves the public licence check, the target of the QR
// code on a displayed licence: GET /api/licences/{issuer}/{number}, no
// credentials, JSON. It adapts HTTP to licence.Verify and nothing more.
//
// NOTE: it imports opendata/licence, catalog, internal/httpapi and gin
// only; it must not import a store or the gateway.
package verify
