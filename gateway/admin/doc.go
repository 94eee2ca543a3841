// Package admin is the exchange's administration service for data
// stewards: steward accounts with roles and argon2id password hashes,
// short-lived session tokens, the scope rules that keep a steward to their
// own agency, and the HTTP API (under /admin/v1) over which stewards run
// the policy workflow, the grant workflow, the dataset catalog and their
// agency's request-signing keys. Every change is recorded through an
// Auditor before it is made.
//
// The verbs live on Service and know nothing of HTTP; Server adapts them
// to gin routes and is a gateway.RouteSet that cmd/gdx mounts on the
// public web listener.
//
// NOTE: admin imports audit, catalog, certs, connectors, policies and
// internal/httpapi, never the gateway root package (which mounts it) nor
// cmd/gdx (internal/architecture enforces it). Its storage sits behind
// Store; gateway/admin/sqlstore implements it on internal/sqldb.
package admin
