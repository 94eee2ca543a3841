package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
)

// GenesisHash is the PrevHash of every chain's first link: 32 zero bytes in
// hex.
var GenesisHash = strings.Repeat("0", 64)

// ChainHash returns the hash of a link: lowercase hex of
// SHA-256(prev || Canonical(e)), where prev is the 32 bytes that prevHash
// (hex) spells. A prevHash that is not 64 hex digits hashes as given,
// which can never match a hash the Writer made.
func ChainHash(prevHash string, e Event) string {
	h := sha256.New()
	prev, err := hex.DecodeString(prevHash)
	if err != nil || len(prev) != sha256.Size {
		prev = []byte(prevHash)
	}
	h.Write(prev)
	h.Write(Canonical(e))
	return hex.EncodeToString(h.Sum(nil))
}

// MinSecretBytes is the shortest secret NewHasher accepts.
const MinSecretBytes = 32

// Hasher makes the keyed hash under which a record key appears in the
// audit trail: with the exchange's secret, the same key always gives the
// same hash (so SubjectLookups can find it), and without it the hash says
// nothing about the key, not even by trying every citizen id.
type Hasher struct {
	secret []byte
}

// NewHasher returns a Hasher with the exchange's secret, which must be at
// least MinSecretBytes long. Errors: invalid.
func NewHasher(secret []byte) (*Hasher, error) {
	if len(secret) < MinSecretBytes {
		return nil, catalog.Errorf(catalog.KindInvalid, "audit: key hash secret has %d bytes, want at least %d",
			len(secret), MinSecretBytes)
	}
	return &Hasher{secret: bytes.Clone(secret)}, nil
}

// HashKey returns HMAC-SHA256(secret, kind || 0x00 || normalizedKey) in
// unpadded base64url (43 characters). kind is the catalog.KeyKind, so
// that equal digits of different kinds never share a hash; normalizedKey
// is catalog.NormalizeKey's output, so that every spelling of a key gives
// the same hash.
func (h *Hasher) HashKey(kind, normalizedKey string) string {
	m := hmac.New(sha256.New, h.secret)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(normalizedKey))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
