package authn

import (
	"encoding/json"
	"errors"
)

// The claims are decoded by hand rather than by encoding/json, whose
// decoder state, reflection and the claims struct it makes escape cost
// every lookup some 450 bytes. decodeClaims is encoding/json on the
// claims that checkTokenJSON has passed (one valid JSON object of valid
// UTF-8, no member given twice, no case variant of a claim name), so it
// needs none of the general decoder: exact names only, each claim read
// by its type's rules, everything else skipped. A string with an escape
// is unquoted by encoding/json itself. TestDecodeClaimsIsEncodingJSON and
// FuzzDecodeClaimsIsEncodingJSON hold the two to the same claims and the
// same refusals.

// errClaimType is decodeClaims' refusal where encoding/json reports an
// *UnmarshalTypeError: a claim of the wrong JSON type.
var errClaimType = errors.New("a token claim has the wrong JSON type")

// decodeClaims decodes data into c as json.Unmarshal(data, c) does, for
// data that checkTokenJSON has passed.
func decodeClaims(data []byte, c *claims) error {
	r := jsonReader{data: data}
	return r.object(func(name []byte) error {
		switch string(name) {
		case "iss":
			return r.stringInto(&c.Issuer)
		case "sub":
			return r.stringInto(&c.Subject)
		case "jti":
			return r.stringInto(&c.ID)
		case "purpose":
			return r.stringInto(&c.Purpose)
		case "ial":
			return r.stringInto(&c.IAL)
		case "aal":
			return r.stringInto(&c.AAL)
		case "aud":
			// json.RawMessage's UnmarshalJSON keeps a copy of the value,
			// null included.
			c.Audience = append(json.RawMessage(nil), r.value()...)
		case "iat":
			return c.IssuedAt.UnmarshalJSON(r.value())
		case "nbf":
			return c.NotBef.UnmarshalJSON(r.value())
		case "exp":
			return c.Expiry.UnmarshalJSON(r.value())
		case "cnf":
			return r.confirmation(c)
		default:
			r.value()
		}
		return nil
	})
}

// confirmation decodes cnf: an object whose x5t#S256 is read, or null.
func (r *jsonReader) confirmation(c *claims) error {
	switch r.next() {
	case '{':
		return r.object(func(name []byte) error {
			if string(name) == "x5t#S256" {
				return r.stringInto(&c.Confirm.Thumbprint)
			}
			r.value()
			return nil
		})
	case 'n': // null leaves the struct as it is
		r.value()
		return nil
	}
	return errClaimType
}

// jsonReader walks JSON text already known to be valid.
type jsonReader struct {
	data []byte
	i    int
}

// next skips white space and returns the next byte (0 at the end).
func (r *jsonReader) next() byte {
	r.i = skipSpace(r.data, r.i)
	if r.i >= len(r.data) {
		return 0
	}
	return r.data[r.i]
}

// object reads the object that comes next, calling member with each
// member's name (unquoted; valid only during the call) with the reader at
// its value, which member must read.
func (r *jsonReader) object(member func(name []byte) error) error {
	if r.next() != '{' {
		return errClaimType
	}
	r.i++
	for c := r.next(); c != '}'; c = r.next() {
		if c == 0 {
			return errClaimType // the end: checked JSON never gets here
		}
		if c == ',' {
			r.i++
			r.next()
		}
		raw, end, _ := rawString(r.data, r.i)
		name := raw
		if hasEscape(raw) {
			var s string
			if err := json.Unmarshal(r.data[r.i:end], &s); err != nil {
				return err
			}
			name = []byte(s)
		}
		r.i = end
		r.next() // the ':'
		r.i++
		r.next()
		if err := member(name); err != nil {
			return err
		}
	}
	r.i++
	return nil
}

// stringInto decodes a string value into dst; null leaves it as it is,
// and any other type is refused, as encoding/json does.
func (r *jsonReader) stringInto(dst *string) error {
	switch r.next() {
	case '"':
		start := r.i
		raw, end, _ := rawString(r.data, start)
		r.i = end
		if hasEscape(raw) {
			// Into a variable of its own, so that only this rare path
			// allocates one for encoding/json, not every dst's struct.
			var s string
			if err := json.Unmarshal(r.data[start:end], &s); err != nil {
				return err
			}
			*dst = s
			return nil
		}
		*dst = string(raw)
		return nil
	case 'n':
		r.value()
		return nil
	}
	return errClaimType
}

// value skips the value that comes next and returns its text.
func (r *jsonReader) value() []byte {
	start := r.i
	switch r.next() {
	case '"':
		_, r.i, _ = rawString(r.data, r.i)
	case '{', '[':
		r.container()
	default: // a number or a literal runs to the next delimiter
		for r.i < len(r.data) && !isDelimiter(r.data[r.i]) {
			r.i++
		}
	}
	start = skipSpace(r.data, start)
	return r.data[start:r.i]
}

// container skips the object or array that starts at r.i.
func (r *jsonReader) container() {
	depth := 0
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case '"':
			_, r.i, _ = rawString(r.data, r.i)
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		r.i++
		if depth == 0 {
			return
		}
	}
}

func isDelimiter(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func hasEscape(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' {
			return true
		}
	}
	return false
}
