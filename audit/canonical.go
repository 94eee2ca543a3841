package audit

import (
	"strconv"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/catalog"
)

// CanonicalVersion is the version of the canonical encoding the Writer
// seals new events with, written as the encoding's first member "v" and
// kept in Event.Version. A change of encoding gets a new version; Canonical
// keeps producing every older one for the events that carry it, so chains
// sealed by an older release still verify.
//
// The versions:
//   - 1: the members appendCanonical writes before "action", in its order
//     (the struct canonicalV1 in canonical_json_test.go spells them out).
//   - 2: version 1's members, then "action", "target" and "count"
//     (Event.Action, Target and Count, which version 1 events never hold).
const CanonicalVersion = 2

// Canonical returns the bytes of e that its hash covers, in the encoding
// e.Version names: a JSON object with exactly the members of that
// version, in order — "v" (e.Version), "writer", "seq", "id", "time_us"
// (unix microseconds), then every other Event field under its snake_case
// name ("keys", "latency_us", "check", …) in version 1's order, and for
// version 2 "action", "target" and "count" last — with no whitespace, no
// trailing newline, lists always as arrays ([] when empty, never null),
// integers in decimal, and strings escaped as encoding/json does with HTML
// escaping off (only ", \ and control characters escaped; U+2028 and
// U+2029 as \u2028 and \u2029; everything else as UTF-8). PrevHash and
// Hash are not members: PrevHash is hashed in front (ChainHash) and Hash
// is the result. A version other than 1 encodes as version 2 with its own
// "v", so a forged version never hashes like a real one; Verify refuses
// unknown versions anyway (CheckEncoding).
//
// e must be normalised as the Writer does (UTC microseconds, valid UTF-8
// without NUL); a stored event read back always is.
func Canonical(e Event) []byte {
	return appendCanonical(nil, e)
}

// appendCanonical appends Canonical(e) to b. The members are written by
// hand, not through encoding/json's reflection, since their set and order
// are fixed: TestCanonicalMatchesEncodingJSON holds the bytes to what
// encoding/json gives for the same members.
func appendCanonical(b []byte, e Event) []byte {
	b = strconv.AppendInt(append(b, `{"v":`...), int64(e.Version), 10)
	b = appendMember(b, "writer", e.Writer)
	b = strconv.AppendInt(append(b, `,"seq":`...), e.Seq, 10)
	b = appendMember(b, "id", e.ID)
	b = strconv.AppendInt(append(b, `,"time_us":`...), e.Time.UnixMicro(), 10)
	b = appendMember(b, "request_id", e.RequestID)
	b = appendMember(b, "kind", string(e.Kind))
	b = appendMember(b, "agency", e.Agency)
	b = appendMember(b, "officer", e.Officer)
	b = appendMember(b, "purpose", e.Purpose)
	b = appendMember(b, "dataset", e.Dataset)
	b = appendMember(b, "grant", e.Grant)
	b = appendMember(b, "key_kind", e.KeyKind)
	b = appendMember(b, "key_hash", e.KeyHash)
	b = appendList(append(b, `,"key_hashes":`...), e.KeyHashes)
	b = strconv.AppendInt(append(b, `,"keys":`...), int64(e.Keys), 10)
	b = appendList(append(b, `,"fields_returned":`...), e.FieldsReturned)
	b = appendList(append(b, `,"fields_withheld":`...), e.FieldsWithheld)
	b = appendMember(b, "decision", string(e.Decision))
	b = appendList(append(b, `,"reasons":`...), e.Reasons)
	b = appendMember(b, "policy_version", e.PolicyVersion)
	b = appendMember(b, "decision_id", e.DecisionID)
	b = strconv.AppendInt(append(b, `,"upstream_status":`...), int64(e.UpstreamStatus), 10)
	b = strconv.AppendInt(append(b, `,"latency_us":`...), e.LatencyMicros, 10)
	b = strconv.AppendInt(append(b, `,"status":`...), int64(e.Status), 10)
	b = appendMember(b, "client_addr", e.ClientAddr)
	b = appendMember(b, "cert_thumbprint", e.CertThumbprint)
	b = appendMember(b, "check", e.Check)
	b = appendMember(b, "evidence", e.Evidence)
	if e.Version != 1 {
		b = appendMember(b, "action", e.Action)
		b = appendMember(b, "target", e.Target)
		b = strconv.AppendInt(append(b, `,"count":`...), int64(e.Count), 10)
	}
	return append(b, '}')
}

// appendMember appends ,"name":"value"; name needs no escaping.
func appendMember(b []byte, name, value string) []byte {
	b = append(append(append(b, ",\""...), name...), "\":"...)
	return appendString(b, value)
}

// appendList appends l as a JSON array, [] when empty.
func appendList(b []byte, l []string) []byte {
	b = append(b, '[')
	for i, s := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string escaped as encoding/json does
// with HTML escaping off: ", \ and control characters escaped (\b, \f,
// \n, \r, \t by name, the others as \u00XX), U+2028 and U+2029 as
// \u2028 and \u2029, invalid UTF-8 as \ufffd, everything else as is.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = appendEscapedByte(append(b, s[start:i]...), c)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), `\u202`...)
			b = append(b, hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

const hexDigits = "0123456789abcdef"

func appendEscapedByte(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// CheckEncoding checks that e's Version is one Canonical knows and that
// e holds no field its version's encoding leaves out: such a field would
// not be covered by the hash, so whoever could write the column could
// change it unseen. Stores refuse such events and Verify reports them as
// altered. Errors: invalid.
func (e Event) CheckEncoding() error {
	switch {
	case e.Version < 1 || e.Version > CanonicalVersion:
		return catalog.Errorf(catalog.KindInvalid, "audit event %s/%d has canonical encoding version %d, which is unknown",
			e.Writer, e.Seq, e.Version)
	case e.Version == 1 && (e.Action != "" || e.Target != "" || e.Count != 0):
		return catalog.Errorf(catalog.KindInvalid, "audit event %s/%d of encoding version 1 holds action, target or count, which that version does not cover",
			e.Writer, e.Seq)
	}
	return nil
}
