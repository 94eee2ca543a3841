// Package foreigntest lets a Go test read what gdx publishes with readers
// that no one at gdx wrote: DuckDB (CSV, Parquet) and Apache Arrow's
// JavaScript reader (Arrow IPC) through read.mjs, and rdf-validate-shacl
// (the DCAT-AP 3 shapes) through shacl.mjs, all from npm, run by Node.js.
//
// The npm packages are pinned by js/package-lock.json and installed into
// js/node_modules with `npm ci` the first time a test asks (or by .ci/run).
// Where Node.js or npm cannot be had, a test that needs them skips with one
// line saying so; under CI (GDX_CI=1) it fails instead, so a green CI run
// means the foreign readers really read the files.
//
// NOTE: foreigntest is a test helper: only tests import it, and it imports
// nothing of this module.
package foreigntest
