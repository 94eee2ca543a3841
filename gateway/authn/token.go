package authn

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// header is the part of the protected header the checks read.
type header struct {
	Algorithm string `json:"alg"`
	KeyID     string `json:"kid"`
	Type      string `json:"typ"`
	raw       map[string]json.RawMessage
}

// keyReferenceHeaders would fetch or embed keys; they are never trusted.
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
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, h, fail(ReasonTokenMalformed, "the token is not a compact JWS (three base64url parts); JWE and JSON serialisations are refused")
	}
	h, err := parseHeader(parts[0])
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
	if err := json.Unmarshal(data, &h.raw); err != nil {
		return h, fail(ReasonHeaderMalformed, "the token header is not a JSON object")
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
	if _, ok := h.raw["crit"]; ok {
		return fail(ReasonCritUnsupported, "the token names critical header parameters this exchange does not understand")
	}
	if _, ok := h.raw["enc"]; ok {
		return fail(ReasonTokenMalformed, "encrypted tokens (JWE) are refused")
	}
	for _, name := range keyReferenceHeaders {
		if _, ok := h.raw[name]; ok {
			return fail(ReasonKeyReference, "header parameters that fetch or embed keys are refused; keys are registered at the exchange")
		}
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
