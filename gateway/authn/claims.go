package authn

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strconv"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// claims are the request JWT's claims (DESIGN.md "Agency authentication").
// ial and aal are strings ("2.3"), since a number cannot tell 2.1 from 2.10.
type claims struct {
	Issuer   string          `json:"iss"`
	Subject  string          `json:"sub"`
	Audience json.RawMessage `json:"aud"`
	IssuedAt numericDate     `json:"iat"`
	NotBef   numericDate     `json:"nbf"`
	Expiry   numericDate     `json:"exp"`
	ID       string          `json:"jti"`
	Purpose  string          `json:"purpose"`
	IAL      string          `json:"ial"`
	AAL      string          `json:"aal"`
	// Confirm is a value, not a pointer: an absent, null or empty cnf all
	// leave its thumbprint empty, which checkBinding refuses alike.
	Confirm struct {
		Thumbprint string `json:"x5t#S256"`
	} `json:"cnf"`
}

// numericDate is an integer claim of seconds since the epoch, decoded as
// encoding/json decodes a *int64 (null or absent: not set; anything but
// an integer that fits: a type error) without allocating the int64.
type numericDate struct {
	set bool
	v   int64
}

// UnmarshalJSON implements json.Unmarshaler for a value that
// strictjson.Check has already found to be valid JSON.
func (d *numericDate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = numericDate{}
		return nil
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: reflect.TypeFor[int64]()}
	}
	*d = numericDate{set: true, v: v}
	return nil
}

// Bounds on claim strings.
const (
	maxJTILength     = 128
	maxSubjectLength = 128
)

func parseClaims(payload []byte) (claims, error) {
	var c claims
	if err := checkTokenJSON(payload, "claims", claimNames, ReasonClaimsMalformed); err != nil {
		return c, err
	}
	if err := decodeClaims(payload, &c); err != nil {
		return c, fail(ReasonClaimsMalformed, "a token claim has the wrong type")
	}
	return c, nil
}

// checkClaims runs the stateless claim checks in order and builds the
// caller; only the purpose lookup reads storage.
func (v *Verifier) checkClaims(ctx context.Context, c claims, agency string, cert *x509.Certificate, now time.Time) (Caller, error) {
	if c.Issuer != agency {
		return Caller{}, fail(ReasonIssuerMismatch, "iss is not the agency named by the client certificate")
	}
	if !audienceHas(c.Audience, v.Audience) {
		return Caller{}, fail(ReasonAudienceMismatch, "aud is not this exchange")
	}
	iat, exp, err := checkTimes(c, now)
	if err != nil {
		return Caller{}, err
	}
	if c.ID == "" || len(c.ID) > maxJTILength {
		return Caller{}, fail(ReasonJTIMissing, "jti is missing or longer than 128 characters")
	}
	if c.Subject == "" || len(c.Subject) > maxSubjectLength {
		return Caller{}, fail(ReasonSubjectMissing, "sub (the acting officer) is missing or longer than 128 characters")
	}
	purpose, err := v.findPurpose(ctx, c.Purpose)
	if err != nil {
		return Caller{}, err
	}
	if err := checkAssurance(c); err != nil {
		return Caller{}, err
	}
	if err := checkBinding(c, cert); err != nil {
		return Caller{}, err
	}
	return Caller{Agency: agency, Officer: c.Subject, Purpose: purpose, IAL: catalog.IAL(c.IAL),
		AAL: catalog.AAL(c.AAL), JTI: c.ID, Issued: iat, Expires: exp, CertThumbprint: c.Confirm.Thumbprint}, nil
}

// audienceHas accepts aud as a string or an array of strings holding ours.
func audienceHas(raw json.RawMessage, ours string) bool {
	// A string without escapes is its bytes between the quotes; the claims
	// have passed strictjson.Check, so they are valid UTF-8 JSON.
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' && bytes.IndexByte(raw[1:n-1], '\\') < 0 {
		return string(raw[1:n-1]) == ours
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one == ours
	}
	var many []string
	if json.Unmarshal(raw, &many) != nil {
		return false
	}
	for _, a := range many {
		if a == ours {
			return true
		}
	}
	return false
}

func checkTimes(c claims, now time.Time) (iat, exp time.Time, err error) {
	if !c.Expiry.set || !c.IssuedAt.set {
		return iat, exp, fail(ReasonClaimsMalformed, "exp and iat are required")
	}
	iat, exp = time.Unix(c.IssuedAt.v, 0), time.Unix(c.Expiry.v, 0)
	switch {
	case now.After(exp.Add(ClockSkew)):
		return iat, exp, fail(ReasonExpired, "the token has expired")
	case c.NotBef.set && now.Add(ClockSkew).Before(time.Unix(c.NotBef.v, 0)):
		return iat, exp, fail(ReasonNotYetValid, "the token is not valid yet (nbf)")
	case now.Add(ClockSkew).Before(iat):
		return iat, exp, fail(ReasonIssuedInFuture, "the token was issued in the future (iat)")
	case exp.Sub(iat) > MaxLifetime || !exp.After(iat):
		return iat, exp, fail(ReasonLifetimeTooLong, "the token must live at most 5 minutes after iat")
	}
	return iat, exp, nil
}

func (v *Verifier) findPurpose(ctx context.Context, code string) (catalog.Purpose, error) {
	if !catalog.ValidPurposeCode(code) {
		return catalog.Purpose{}, fail(ReasonPurposeUnknown, "purpose is not a registered purpose code")
	}
	p, err := v.Purposes.FindPurpose(ctx, code)
	if catalog.IsKind(err, catalog.KindNotFound) {
		return p, fail(ReasonPurposeUnknown, "purpose is not a registered purpose code")
	} else if err != nil {
		return p, catalog.Errorf(catalog.KindUnavailable, "purposes cannot be read").Wrap(err)
	}
	return p, nil
}

func checkAssurance(c claims) error {
	if !catalog.IAL(c.IAL).Valid() {
		return fail(ReasonIALInvalid, "ial must be one of \"1\", \"2.1\", \"2.2\", \"2.3\", \"3\"")
	}
	if !catalog.AAL(c.AAL).Valid() {
		return fail(ReasonAALInvalid, "aal must be one of \"1\", \"2\", \"3\"")
	}
	return nil
}

// checkBinding compares cnf.x5t#S256 with the presented certificate's
// thumbprint (RFC 8705 §3), in constant time.
func checkBinding(c claims, cert *x509.Certificate) error {
	if c.Confirm.Thumbprint == "" {
		return fail(ReasonBindingMissing, "cnf.x5t#S256 is required")
	}
	// certs.Thumbprint's text, in place: SHA-256 of the DER in unpadded
	// base64url (TestBindingIsCertsThumbprint).
	sum := sha256.Sum256(cert.Raw)
	var want [thumbprintLength]byte
	base64.RawURLEncoding.Encode(want[:], sum[:])
	if !constantTimeEqual(want[:], c.Confirm.Thumbprint) {
		return fail(ReasonBindingMismatch, "cnf.x5t#S256 is not the thumbprint of the presented certificate")
	}
	return nil
}

// thumbprintLength is the length of certs.Thumbprint's text.
const thumbprintLength = 43

// constantTimeEqual is subtle.ConstantTimeCompare of b and s, without a
// copy of s.
func constantTimeEqual(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	var v byte
	for i := range b {
		v |= b[i] ^ s[i]
	}
	return subtle.ConstantTimeByteEq(v, 0) == 1
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
