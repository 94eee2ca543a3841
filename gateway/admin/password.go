package admin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/gdx-exchange/gdx/catalog"
)

// PasswordParams are the argon2id cost parameters (RFC 9106 §3.1).
type PasswordParams struct {
	// Memory in KiB.
	Memory uint32
	// Time is the number of passes over the memory.
	Time uint32
	// Threads is the degree of parallelism.
	Threads uint8
}

// DefaultPasswordParams are RFC 9106 §4's second recommended option for
// memory-constrained servers: 64 MiB, 3 passes, 4 lanes, with a 16-byte
// random salt and a 32-byte tag. One hash takes roughly 0.1 s with four
// free cores and 0.3 s on two busy ones; Service runs at most a few at a
// time so that a burst of logins cannot exhaust memory.
var DefaultPasswordParams = PasswordParams{Memory: 64 * 1024, Time: 3, Threads: 4}

// Password length limits in bytes. The upper bound keeps hashing cost
// predictable; a passphrase of any reasonable length fits.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 1024
)

const (
	saltLen = 16
	tagLen  = 32
)

// CheckPassword checks a new password against the length limits. Errors:
// invalid.
func CheckPassword(pw string) error {
	switch {
	case len(pw) < MinPasswordLen:
		return catalog.Errorf(catalog.KindInvalid, "the password must be at least %d characters", MinPasswordLen)
	case len(pw) > MaxPasswordLen:
		return catalog.Errorf(catalog.KindInvalid, "the password must be at most %d bytes", MaxPasswordLen)
	case !utf8.ValidString(pw):
		return catalog.Errorf(catalog.KindInvalid, "the password must be UTF-8 text")
	}
	return nil
}

// HashPassword returns the argon2id PHC string of pw with a fresh salt:
// $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<tag>, both in
// unpadded standard base64, as the reference implementation writes it.
// Errors: invalid (see CheckPassword).
func HashPassword(pw string, p PasswordParams) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails since Go 1.24
	return encodePHC(p, salt, argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, tagLen)), nil
}

func encodePHC(p PasswordParams, salt, tag []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(tag))
}

// VerifyPassword reports whether pw matches the PHC string, comparing
// tags in constant time with the parameters the string records. A
// malformed string is an error, never a match.
func VerifyPassword(phc, pw string) (bool, error) {
	p, salt, tag, err := decodePHC(phc)
	if err != nil {
		return false, err
	}
	if len(pw) > MaxPasswordLen {
		return false, nil
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(tag)))
	return subtle.ConstantTimeCompare(got, tag) == 1, nil
}

// CheckHash checks that phc is an argon2id PHC string VerifyPassword can
// use. Errors: invalid.
func CheckHash(phc string) error {
	if _, _, _, err := decodePHC(phc); err != nil {
		return catalog.Errorf(catalog.KindInvalid, "%v", err)
	}
	return nil
}

// maxMemory bounds the memory a stored hash may ask for (1 GiB), so that
// a tampered row cannot make a login allocate without limit.
const maxMemory = 1 << 20

func decodePHC(phc string) (PasswordParams, []byte, []byte, error) {
	var p PasswordParams
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("password hash is not an argon2id PHC string")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("password hash: unsupported argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("password hash: bad parameters %q: %w", parts[3], err)
	}
	if p.Memory == 0 || p.Memory > maxMemory || p.Time == 0 || p.Time > 64 || p.Threads == 0 {
		return p, nil, nil, fmt.Errorf("password hash: parameters %q out of range", parts[3])
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, fmt.Errorf("password hash: bad salt")
	}
	tag, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(tag) < 16 || len(tag) > 64 {
		return p, nil, nil, fmt.Errorf("password hash: bad tag")
	}
	return p, salt, tag, nil
}

// NewPassword returns a random password of 24 characters (144 bits) from
// the URL-safe base64 alphabet, for generated accounts such as the demo's.
func NewPassword() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
