package authn

import (
	"encoding/json"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// The claims are decoded by hand rather than by encoding/json, whose
// decoder state, reflection and the claims struct it makes escape cost
// every lookup some 450 bytes. decodeClaims is encoding/json on the
// claims that checkTokenJSON has passed (one valid JSON object of valid
// UTF-8, no member given twice, no case variant of a claim name), so it
// matches exact names only, reads each claim by its type's rules with
// internal/jsontext's Reader, and skips everything else.
// TestDecodeClaimsIsEncodingJSON and FuzzDecodeClaimsIsEncodingJSON hold
// the two to the same claims and the same refusals.

// decodeClaims decodes data into c as json.Unmarshal(data, c) does, for
// data that checkTokenJSON has passed.
func decodeClaims(data []byte, c *claims) error {
	r := jsontext.NewReader(data)
	return r.Object(func(name []byte) error {
		switch string(name) {
		case "iss":
			return r.String(&c.Issuer)
		case "sub":
			return r.String(&c.Subject)
		case "jti":
			return r.String(&c.ID)
		case "purpose":
			return r.String(&c.Purpose)
		case "ial":
			return r.String(&c.IAL)
		case "aal":
			return r.String(&c.AAL)
		case "aud":
			// json.RawMessage's UnmarshalJSON keeps a copy of the value,
			// null included.
			c.Audience = append(json.RawMessage(nil), r.Value()...)
		case "iat":
			return c.IssuedAt.UnmarshalJSON(r.Value())
		case "nbf":
			return c.NotBef.UnmarshalJSON(r.Value())
		case "exp":
			return c.Expiry.UnmarshalJSON(r.Value())
		case "cnf":
			return confirmation(&r, c)
		}
		return nil // any other member is skipped
	})
}

// confirmation decodes cnf: an object whose x5t#S256 is read, or null,
// which leaves the struct as it is.
func confirmation(r *jsontext.Reader, c *claims) error {
	if r.Null() {
		return nil
	}
	return r.Object(func(name []byte) error {
		if string(name) == "x5t#S256" {
			return r.String(&c.Confirm.Thumbprint)
		}
		return nil
	})
}
