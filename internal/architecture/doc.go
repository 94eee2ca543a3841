// Package architecture holds no code, only a test: it reads the module's
// import graph with `go list -json ./...` and fails on an edge that
// DESIGN.md's package table or a package's own doc comment forbids
// ("nothing imports gateway", "sqldb is a leaf", ...). A new package gets
// the module-wide rules; a package whose doc comment promises more gets its
// own line in the rules table.
package architecture
