package authn

import (
	"errors"
	"fmt"
	"unicode"

	"github.com/gdx-exchange/gdx/internal/strictjson"
)

// maxJSONDepth bounds nesting in token headers and claims.
const maxJSONDepth = 8

// Member names read from the header and the claims: only these exact
// spellings count (RFC 7519 §10.1.1), where encoding/json alone would
// also take "Sub" or "SUB" for sub.
var (
	headerNames = append([]string{"alg", "kid", "typ", "cty", "crit", "enc", "zip", "b64"}, keyReferenceHeaders...)
	claimNames  = strictjson.FieldNames(claims{})
)

// checkTokenJSON checks a decoded header or claims text before it is
// unmarshalled: one meaning for every reader (no repeated member, no
// case variant of a name, UTF-8 without lone surrogates, RFC 8725 §3.7)
// and every string printable text. what is "header" or "claims";
// malformed is the reason for any other fault.
func checkTokenJSON(data []byte, what string, names []string, malformed string) error {
	err := strictjson.Check(data, strictjson.Rules{MaxDepth: maxJSONDepth, Names: names, Text: checkText})
	if err == nil {
		return nil
	}
	return tokenJSONFault(err, what, malformed)
}

// tokenJSONFault is the refusal of a header or claims text that
// strictjson.Check refused with err.
func tokenJSONFault(err error, what, malformed string) error {
	var dup *strictjson.DuplicateError
	var text *textError
	switch {
	case errors.As(err, &text):
		return fail(ReasonTextInvalid, fmt.Sprintf("a string in the token %s holds %U, which is not printable text; officer ids and every other claim must be", what, text.r))
	case errors.As(err, &dup):
		return fail(ReasonDuplicateMember, fmt.Sprintf("member %.64q appears twice in the token %s", dup.Name, what))
	case errors.Is(err, strictjson.ErrNotUTF8):
		return fail(ReasonTokenNotUTF8, "the text of the token "+what+" is not valid UTF-8 (RFC 8725 §3.7)")
	case errors.Is(err, strictjson.ErrCaseVariant):
		return fail(malformed, fmt.Sprintf("in the token %s, %v; names are case-sensitive", what, err))
	}
	return fail(malformed, "the token "+what+" must be one JSON object")
}

// textError names the rune checkText refused.
type textError struct{ r rune }

func (e *textError) Error() string { return fmt.Sprintf("%U is not printable text", e.r) }

// checkText is the one rule for every string in a token's header and
// claims, member names included: no control characters (C0, DEL, C1: a
// CR or LF forges log lines, a NUL is dropped by the audit's storage, so
// the audited officer would not be the signed one), no invisible format
// characters (bidirectional overrides, zero-width marks, which make two
// different ids look alike), no line or paragraph separators, and no
// U+FFFD, the mark of a lossy conversion before signing.
func checkText(s string) error {
	for _, r := range s {
		if r == unicode.ReplacementChar || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			return &textError{r}
		}
	}
	return nil
}
