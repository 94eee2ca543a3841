package authn

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"sync"

	jose "github.com/go-jose/go-jose/v4"
)

// header is the part of the protected header the checks read: the
// members used, and those whose mere presence refuses the token (held
// raw, so that any type of value counts). One struct decode reads them
// all: strictjson has already refused duplicates and case variants of
// every name here, so encoding/json's case-insensitive matching can only
// match the exact name.
type header struct {
	Algorithm string          `json:"alg"`
	KeyID     string          `json:"kid"`
	Type      string          `json:"typ"`
	Crit      json.RawMessage `json:"crit"`
	Enc       json.RawMessage `json:"enc"`
	JKU       json.RawMessage `json:"jku"`
	X5U       json.RawMessage `json:"x5u"`
	JWK       json.RawMessage `json:"jwk"`
	X5C       json.RawMessage `json:"x5c"`
	X5T       json.RawMessage `json:"x5t"`
	X5TS256   json.RawMessage `json:"x5t#S256"`
}

// keyReference reports whether the header names or embeds a key.
func (h header) keyReference() bool {
	for _, m := range []json.RawMessage{h.JKU, h.X5U, h.JWK, h.X5C, h.X5T, h.X5TS256} {
		if m != nil {
			return true
		}
	}
	return false
}

// keyReferenceHeaders would fetch or embed keys; they are never trusted
// (header.keyReference reads the same names).
var keyReferenceHeaders = []string{"jku", "x5u", "jwk", "x5c", "x5t", "x5t#S256"}

// maxKidLength bounds the kid; it is only ever compared, never used as a
// path or in SQL text.
const maxKidLength = 128

// compact is a request token split into its parts. The decoded parts
// live in buf, a pooled scratch buffer that release returns: nothing read
// from them outlives Verify (encoding/json copies the claims it decodes).
type compact struct {
	token  string
	header header
	// plain is set for a header of alg, kid and typ alone, all strings:
	// the header every agency library signs, verified here (signature.go).
	// Any other header is parsed and verified by go-jose, in jws.
	plain   bool
	decoded []byte // the protected header's JSON
	payload []byte // the claims' JSON
	sig     []byte
	jws     *jose.JSONWebSignature
	buf     *[]byte
}

// tokenBuffers hold the decoded parts of the token being verified and
// its signing input: each lookup would otherwise allocate about 1 KB of
// them only to drop it once its claims are read. A buffer stays below
// about 3 × MaxTokenBytes, so every one is kept.
var tokenBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 2<<10); return &b }}

// release returns the scratch buffer; c's parts are unusable after.
func (c *compact) release() {
	if c.buf != nil {
		*c.buf = (*c.buf)[:0]
		tokenBuffers.Put(c.buf)
		c.buf, c.decoded, c.payload, c.sig = nil, nil, nil, nil
	}
}

// parseCompact checks the token's form and protected header and splits
// it for signature verification with the pinned algorithms. The caller
// must release the result, whatever the error.
func parseCompact(token string) (compact, error) {
	c := compact{token: token}
	switch {
	case token == "":
		return c, fail(ReasonTokenMissing, "no bearer token")
	case len(token) > MaxTokenBytes:
		return c, fail(ReasonTokenTooLarge, "the token is too large")
	}
	if strings.Count(token, ".") != 2 {
		return c, fail(ReasonTokenMalformed, "the token is not a compact JWS (three base64url parts); JWE and JSON serialisations are refused")
	}
	c.buf = tokenBuffers.Get().(*[]byte)
	// Room for the token's text, every decoded part, the signing input
	// and an ECDSA signature's DER, so that the buffer grows once: a
	// decoded part is at most 3/4 of its text.
	*c.buf = append(slices.Grow((*c.buf)[:0], 3*len(token)+72), token...)
	text := *c.buf
	dot1 := bytes.IndexByte(text, '.')
	dot2 := dot1 + 1 + bytes.IndexByte(text[dot1+1:], '.')
	protected, claimsPart, sigPart := text[:dot1], text[dot1+1:dot2], text[dot2+1:]
	if err := c.parseHeader(protected); err != nil {
		return c, err
	}
	if !c.plain {
		jws, err := jose.ParseSignedCompact(token, Algorithms)
		if err != nil {
			return c, fail(ReasonTokenMalformed, "the token cannot be parsed as a compact JWS")
		}
		c.jws = jws
		return c, nil
	}
	// go-jose parses a plain header's token unless a part is not base64url;
	// the same decoder refuses the same parts here.
	var err1, err2 error
	c.payload, err1 = c.decode(claimsPart)
	c.sig, err2 = c.decode(sigPart)
	if err1 != nil || err2 != nil {
		return c, fail(ReasonTokenMalformed, "the token cannot be parsed as a compact JWS")
	}
	return c, nil
}

// decode appends the base64url part, a slice of buf, to buf and returns
// its bytes.
func (c *compact) decode(part []byte) ([]byte, error) {
	start := len(*c.buf)
	b, err := base64.RawURLEncoding.AppendDecode(*c.buf, part)
	*c.buf = b
	return b[start:len(b):len(b)], err
}

func (c *compact) parseHeader(part []byte) error {
	if base64.RawURLEncoding.DecodedLen(len(part)) > MaxHeaderBytes {
		return fail(ReasonTokenTooLarge, "the token header is too large")
	}
	data, err := c.decode(part)
	if err != nil {
		return fail(ReasonTokenMalformed, "the token header is not base64url")
	}
	if err := checkTokenJSON(data, "header", headerNames, ReasonHeaderMalformed); err != nil {
		return err
	}
	m, plain := plainHeader(data)
	c.decoded, c.plain = data, plain
	if plain && !m.escaped {
		// Strings without escapes: what encoding/json would decode is the
		// text as written (FuzzPlainHeaderIsEncodingJSON).
		c.header = m.header()
		return checkHeader(c.header)
	}
	// Decoded into its own variable, which escapes to encoding/json,
	// rather than into c, which then would.
	var h header
	if err := json.Unmarshal(data, &h); err != nil {
		return fail(ReasonHeaderMalformed, "the token header has members of the wrong type")
	}
	c.header = h
	return checkHeader(c.header)
}

func checkHeader(h header) error {
	if !allowedAlgorithm(h.Algorithm) {
		return fail(ReasonAlgNotAllowed, "the alg is not one of ES256, EdDSA, PS256")
	}
	if h.Crit != nil {
		return fail(ReasonCritUnsupported, "the token names critical header parameters this exchange does not understand")
	}
	if h.Enc != nil {
		return fail(ReasonTokenMalformed, "encrypted tokens (JWE) are refused")
	}
	if h.keyReference() {
		return fail(ReasonKeyReference, "header parameters that fetch or embed keys are refused; keys are registered at the exchange")
	}
	if h.KeyID == "" || len(h.KeyID) > maxKidLength {
		return fail(ReasonKidUnknown, "the token has no usable kid")
	}
	return nil
}

func allowedAlgorithm(alg string) bool {
	for _, a := range Algorithms {
		if string(a) == alg {
			return true
		}
	}
	return false
}
