// Package catalog is the domain core of gdx: agencies, datasets and their
// fields, classification levels, purposes with their PDPA lawful basis, and
// the data-sharing grants between agencies, together with their validation,
// the error shape every layer uses (errors.go: a kind, a public message, a
// reason code from reasons.go, a retry-after, whether the owning agency or
// the exchange failed, and the hidden cause), and the Store interface that
// persists them.
//
// NOTE: catalog imports nothing of gdx and no driver, HTTP, OPA or JOSE
// package. Every other package points toward it.
package catalog
