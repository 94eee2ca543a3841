// Package dcat describes open datasets in DCAT-AP 3 (W3C DCAT 3 with the
// European application profile, the vocabulary national portals and their
// harvesters read) and writes the description as Turtle, RDF/XML or
// JSON-LD.
//
// A Catalog is turned into a small RDF graph (graph.go) and serialised by
// one writer per syntax. Every node an object property points to is typed
// explicitly (a licence is a dct:LicenseDocument, a media type a
// dct:MediaType, ...): the DCAT-AP SHACL shapes check classes without RDFS
// inference, so an untyped node would be a violation. Catalog pages carry
// Hydra paging (hydra:PartialCollectionView), as DCAT-AP harvesters expect
// of a large catalog.
//
// NOTE: dcat imports nothing of this module; opendata maps its packages to
// the types here.
package dcat
