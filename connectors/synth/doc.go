// Package synth generates the synthetic population that the registry
// simulators serve: persons, the houses they are registered in, and
// companies whose directors are generated persons.
//
// Generation is lazy and deterministic: record n is computed on demand from
// the seed and n alone (houses also need a small table of where each house's
// members start, built once on first use), so start-up costs nothing, memory
// stays small, and the same seed always gives the same records. Keys follow
// catalog/demo: person n has citizen id demo.PersonKey(n), house n has id
// demo.HouseKey(n) and company n has juristic id demo.CompanyKey(n).
//
// Names are Thai with their usual romanisation; addresses cover all 77
// provinces from a compact embedded table of real provinces, postcode
// prefixes, districts and subdistricts.
//
// NOTE: synth imports only catalog/demo (for the key formats) and the
// standard library.
package synth
