package authn

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// A plain token (alg, kid and typ in its header, nothing else) is
// verified here, with crypto/ecdsa, crypto/ed25519 and crypto/rsa on the
// compact form, rather than through go-jose, whose parse re-reads the
// header into maps and allocates some 8 KB per token. The checks are
// go-jose's own, in its order: the signing input is the re-encoding of
// the decoded header and payload (so a part whose base64url has stray
// bits verifies as go-jose verifies it), the algorithm is the header's,
// already pinned to Algorithms and to the registered key's (resolveKey),
// and each algorithm takes only its key type. Any other header, and a key
// of a type or size this file does not handle, still goes to go-jose.
// FuzzPlainMatchesGoJOSE holds the two to the same answers.

// verify checks the signature with key and returns the payload.
func (c *compact) verify(key jose.JSONWebKey) ([]byte, bool) {
	if c.jws == nil && c.plain {
		if ok, handled := c.verifyPlain(key); handled {
			return c.payload, ok
		}
	}
	jws := c.jws
	if jws == nil {
		var err error
		if jws, err = jose.ParseSignedCompact(c.token, Algorithms); err != nil {
			return nil, false
		}
	}
	payload, err := jws.Verify(key)
	return payload, err == nil
}

// verifyPlain verifies a plain token's signature with the key as go-jose
// does; handled is false for a key it leaves to go-jose.
func (c *compact) verifyPlain(key jose.JSONWebKey) (ok, handled bool) {
	alg := jose.SignatureAlgorithm(c.header.Algorithm)
	switch k := key.Key.(type) {
	case *ecdsa.PublicKey:
		if alg != jose.ES256 || k == nil {
			return false, false
		}
		// go-jose: a key on another curve, or a signature that is not
		// two 32-byte halves, does not verify.
		if k.Curve != elliptic.P256() || len(c.sig) != 64 {
			return false, true
		}
		sum := sha256.Sum256(c.signingInput())
		start := len(*c.buf)
		sig, valid := ecdsaDER(*c.buf, c.sig[:32], c.sig[32:])
		*c.buf = sig
		return valid && ecdsa.VerifyASN1(k, sum[:], sig[start:]), true
	case ed25519.PublicKey:
		if alg != jose.EdDSA || len(k) != ed25519.PublicKeySize {
			return false, false
		}
		return ed25519.Verify(k, c.signingInput(), c.sig), true
	case *rsa.PublicKey:
		if alg != jose.PS256 || k == nil {
			return false, false
		}
		sum := sha256.Sum256(c.signingInput())
		// nil options: the salt length is detected, as go-jose verifies.
		return rsa.VerifyPSS(k, crypto.SHA256, sum[:], c.sig, nil) == nil, true
	}
	return false, false
}

// signingInput is go-jose's for a header without b64: the base64url of
// the decoded header, a dot, the base64url of the decoded payload,
// appended to buf.
func (c *compact) signingInput() []byte {
	start := len(*c.buf)
	b := base64.RawURLEncoding.AppendEncode(*c.buf, c.decoded)
	b = base64.RawURLEncoding.AppendEncode(append(b, '.'), c.payload)
	*c.buf = b
	return b[start:]
}

// ecdsaDER appends the ASN.1 DER signature of the big-endian halves r
// and s to b, as crypto/ecdsa.Verify encodes them before VerifyASN1: each
// an INTEGER without leading zeros; a zero half is no signature.
func ecdsaDER(b, r, s []byte) ([]byte, bool) {
	r, s = trimZeros(r), trimZeros(s)
	if len(r) == 0 || len(s) == 0 {
		return b, false
	}
	b = append(b, 0x30, byte(intLen(r)+intLen(s)))
	return appendInt(appendInt(b, r), s), true
}

func trimZeros(b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// intLen is the length of the DER INTEGER of the positive v (at most 32
// bytes, so every length fits in one byte).
func intLen(v []byte) int {
	n := len(v)
	if v[0]&0x80 != 0 {
		n++ // a leading zero keeps it positive
	}
	return 2 + n
}

func appendInt(b, v []byte) []byte {
	b = append(b, 0x02, byte(intLen(v)-2))
	if v[0]&0x80 != 0 {
		b = append(b, 0)
	}
	return append(b, v...)
}

// plainMembers are a plain header's member values as written, between
// their quotes; escaped is set when one holds an escape.
type plainMembers struct {
	alg, kid, typ []byte
	escaped       bool
}

// plainHeader reports whether the header's JSON, which checkTokenJSON has
// passed, has no members but alg, kid and typ (names without escapes),
// each a string, and returns their values. false means go-jose parses the
// token.
func plainHeader(data []byte) (plainMembers, bool) {
	var m plainMembers
	i := jsontext.SkipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return m, false
	}
	for i = jsontext.SkipSpace(data, i+1); i < len(data) && data[i] != '}'; {
		name, next, ok := jsontext.RawString(data, i)
		if !ok {
			return m, false
		}
		var dst *[]byte
		switch string(name) {
		case "alg":
			dst = &m.alg
		case "kid":
			dst = &m.kid
		case "typ":
			dst = &m.typ
		default:
			return m, false
		}
		if i = jsontext.SkipSpace(data, next); i >= len(data) || data[i] != ':' {
			return m, false
		}
		if *dst, i, ok = jsontext.RawString(data, jsontext.SkipSpace(data, i+1)); !ok {
			return m, false
		}
		m.escaped = m.escaped || bytes.IndexByte(*dst, '\\') >= 0
		if i = jsontext.SkipSpace(data, i); i < len(data) && data[i] == ',' {
			i = jsontext.SkipSpace(data, i+1)
		}
	}
	return m, i < len(data)
}

// header is the header encoding/json decodes from a plain header's JSON
// whose values hold no escape: the values as written.
func (m plainMembers) header() header {
	return header{Algorithm: algorithmName(m.alg), KeyID: string(m.kid), Type: string(m.typ)}
}

// algorithmName is alg as a string, without a copy when it is one of
// Algorithms.
func algorithmName(alg []byte) string {
	for _, a := range Algorithms {
		if string(alg) == string(a) {
			return string(a)
		}
	}
	return string(alg)
}
