// Package licence is the domain of the licence databases that the 2023
// cabinet resolution (item 5) requires every licensing agency to keep and
// publish: the Licence record with its status history and validation, the
// PublicLicence view that every open output uses, the Store interface its
// storage implements, the bulk Import of an agency's CSV or NDJSON file,
// the Verify verb behind the public licence check, and the demo data
// (SeedDemo).
//
// Privacy: where the licensee is a natural person (a sole trader), the
// person's name, citizen id and business name are personal data (PDPA s.6).
// They live only in Licence; PublicLicence has no field that can hold them,
// and the store's open read paths never select them.
//
// NOTE: licence imports catalog (error kinds, key normalisation), and
// connectors/synth (the 77 provinces and the synthetic companies and
// persons of the demo) only. It must not import gateway, an HTTP framework
// or a database driver; storage is licence/sqlstore, HTTP is licence/verify.
package licence
