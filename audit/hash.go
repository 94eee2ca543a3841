package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strings"
	"sync"

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
	bp := canonicalBuffers.Get().(*[]byte)
	b := (*bp)[:0]
	var prev [sha256.Size]byte
	if len(prevHash) == hex.EncodedLen(sha256.Size) {
		if _, err := hex.Decode(prev[:], []byte(prevHash)); err == nil {
			b = append(b, prev[:]...)
		}
	}
	if len(b) == 0 {
		b = append(b, prevHash...)
	}
	b = appendCanonical(b, e)
	sum := sha256.Sum256(b)
	if cap(b) <= maxPooledCanonical {
		*bp = b
		canonicalBuffers.Put(bp)
	}
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// canonicalBuffers hold the bytes ChainHash hashes, reused from event to
// event; a rare huge event's buffer is not kept.
var canonicalBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2<<10); return &b }}

const maxPooledCanonical = 64 << 10

// maxPooledKey keeps a huge key's scratch from being reused.
const maxPooledKey = 4 << 10

// MinSecretBytes is the shortest secret NewHasher accepts.
const MinSecretBytes = 32

// Hasher makes the keyed hash under which a record key appears in the
// audit trail: with the exchange's secret, the same key always gives the
// same hash (so SubjectLookups can find it), and without it the hash says
// nothing about the key, not even by trying every citizen id.
type Hasher struct {
	secret []byte
	macs   sync.Pool // of *keyMAC
}

// keyMAC is an HMAC-SHA256 keyed with a Hasher's secret and the scratch
// its input is written from, reused from key to key.
type keyMAC struct {
	mac hash.Hash
	in  []byte
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
	m, ok := h.macs.Get().(*keyMAC)
	if !ok {
		m = &keyMAC{mac: hmac.New(sha256.New, h.secret)}
	}
	// NOTE: Reset returns an HMAC to its keyed initial state, so a reused
	// one hashes exactly as a new one.
	m.mac.Reset()
	m.in = append(append(append(m.in[:0], kind...), 0), normalizedKey...)
	m.mac.Write(m.in)
	var out [43]byte // base64.RawURLEncoding.EncodedLen(sha256.Size)
	base64.RawURLEncoding.Encode(out[:], m.mac.Sum(m.in[:0]))
	if cap(m.in) <= maxPooledKey {
		h.macs.Put(m)
	}
	return string(out[:])
}
