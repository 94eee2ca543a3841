package opendata

import (
	"strings"

	"github.com/google/uuid"
)

// namespace is the UUID namespace of every id gdx derives for open data.
var namespace = uuid.MustParse("5b0c3b9e-6f1e-4d9a-9a44-2f4f0c6d1e07")

// StableID returns a UUID (version 5) derived from kind and key, so that a
// package, resource, organisation or tag keeps its id across restarts,
// replicas and re-imports, as CKAN clients expect of an id.
func StableID(kind, key string) string {
	return uuid.NewSHA1(namespace, []byte(kind+"\x00"+key)).String()
}

// Slug turns an identifier into a CKAN name: lower case, with every
// character outside a-z, 0-9, '-' and '_' replaced by '-'.
func Slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
