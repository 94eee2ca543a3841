package authn

import (
	"encoding/base64"
	"encoding/json"
	"strings"

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

// parseCompact checks the token's form and protected header and parses it
// for signature verification with the pinned algorithms.
func parseCompact(token string) (*jose.JSONWebSignature, header, error) {
	var h header
	switch {
	case token == "":
		return nil, h, fail(ReasonTokenMissing, "no bearer token")
	case len(token) > MaxTokenBytes:
		return nil, h, fail(ReasonTokenTooLarge, "the token is too large")
	}
	if strings.Count(token, ".") != 2 {
		return nil, h, fail(ReasonTokenMalformed, "the token is not a compact JWS (three base64url parts); JWE and JSON serialisations are refused")
	}
	protected, _, _ := strings.Cut(token, ".")
	h, err := parseHeader(protected)
	if err != nil {
		return nil, h, err
	}
	jws, err := jose.ParseSignedCompact(token, Algorithms)
	if err != nil {
		return nil, h, fail(ReasonTokenMalformed, "the token cannot be parsed as a compact JWS")
	}
	return jws, h, nil
}

func parseHeader(part string) (header, error) {
	var h header
	if base64.RawURLEncoding.DecodedLen(len(part)) > MaxHeaderBytes {
		return h, fail(ReasonTokenTooLarge, "the token header is too large")
	}
	data, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return h, fail(ReasonTokenMalformed, "the token header is not base64url")
	}
	if err := checkTokenJSON(data, "header", headerNames, ReasonHeaderMalformed); err != nil {
		return h, err
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return h, fail(ReasonHeaderMalformed, "the token header has members of the wrong type")
	}
	return h, checkHeader(h)
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
