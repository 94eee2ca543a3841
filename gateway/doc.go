// Package gateway holds gdx's HTTP servers: the agency API behind mutual
// TLS and the public web listener, their authentication and limits, and
// the lookup pipeline. The pipeline (pipeline.go, lookup.go, batch.go,
// lookup_audit.go, minimise.go) returns catalog errors carrying their
// kind, retry-after and source, and never imports internal/httpapi; the
// handlers hand those errors to httpapi, which maps and renders them. The
// agency API's reason codes are in reasons.go.
//
// NOTE: nothing imports gateway except cmd/gdx.
package gateway
