// Package opendata is the open-data domain of gdx: the CKAN package, resource,
// organisation, group, tag and licence shapes that the exchange publishes,
// the Thai GD-Catalog fields with their exact choice strings, the Provider
// interface through which each source of open data (the metadata catalog,
// the licence databases, the exchange statistics) hands over its packages,
// and the catalog provider that publishes every dataset the exchange knows
// as metadata.
//
// NOTE: opendata imports catalog, audit's query side and opendata/search
// (for SearchDoc) only. It must never import gateway, cmd or any HTTP or
// SQL package; its store is opendata/sqlstore and its API is opendata/ckan.
package opendata
