package gateway

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// A lookup's answer is written by hand into a pooled buffer rather than
// through encoding/json's reflection, since its shape is fixed: the bytes
// are those json.Marshal gives for LookupResult (TestAnswersAreStable
// pins them), but a lookup no longer allocates per map entry.

var answerBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// answerContentType is the answer's Content-Type header value, shared by
// every answer's header map (net/http only reads it; a header set later
// replaces the slice rather than writing into it).
var answerContentType = []string{"application/json; charset=utf-8"}

// maxPooledAnswer keeps a rare huge answer from pinning its buffer.
const maxPooledAnswer = 64 << 10

// writeLookupAnswer answers 200 with res as JSON.
func writeLookupAnswer(c *gin.Context, res LookupResult) error {
	bp := answerBuffers.Get().(*[]byte)
	buf, err := appendLookupResult((*bp)[:0], res)
	if err != nil {
		answerBuffers.Put(bp)
		return err
	}
	c.Writer.Header()["Content-Type"] = answerContentType
	c.Data(http.StatusOK, answerContentType[0], buf)
	if cap(buf) <= maxPooledAnswer {
		*bp = buf
		answerBuffers.Put(bp)
	}
	return nil
}

func appendLookupResult(b []byte, r LookupResult) ([]byte, error) {
	var err error
	b = append(b, `{"dataset":`...)
	b = appendJSONString(b, r.Dataset)
	b = append(b, `,"record":`...)
	if b, err = appendRecord(b, r.Record); err != nil {
		return nil, err
	}
	b = append(b, `,"withheld":`...)
	b = appendWithheld(b, r.Withheld)
	b = append(b, `,"masked":`...)
	b = appendStringMap(b, r.Masked)
	b = append(b, `,"obligations":`...)
	b = appendStrings(b, r.Obligations)
	b = append(b, `,"decision_id":`...)
	b = appendJSONString(b, r.DecisionID)
	b = append(b, `,"policy_version":`...)
	b = appendJSONString(b, r.PolicyVersion)
	b = append(b, `,"audit_event":`...)
	b = appendJSONString(b, r.AuditEventID)
	return append(b, '}'), nil
}

// appendRecord writes the record's fields in key order, as json.Marshal
// does; text values are written directly, others through encoding/json.
func appendRecord(b []byte, rec map[string]any) ([]byte, error) {
	if rec == nil {
		return append(b, "null"...), nil
	}
	keys := sortedKeys(rec)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		switch v := rec[k].(type) {
		case string:
			b = appendJSONString(b, v)
		default:
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			b = append(b, raw...)
		}
	}
	return append(b, '}'), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func appendStringMap(b []byte, m map[string]string) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

func appendStrings(b []byte, s []string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, v)
	}
	return append(b, ']')
}

func appendWithheld(b []byte, w []WithheldField) []byte {
	if w == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, f := range w {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"field":`...)
		b = appendJSONString(b, f.Field)
		b = append(b, `,"reasons":`...)
		b = appendStrings(b, f.Reasons)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONString writes s quoted as json.Marshal would: text that needs
// no escape is copied, anything else goes through encoding/json, so that
// the escaping (HTML characters, control characters, U+2028/2029,
// invalid UTF-8) is exactly its own.
func appendJSONString(b []byte, s string) []byte {
	if plainJSON(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	raw, _ := json.Marshal(s) // a string always encodes
	return append(b, raw...)
}

// plainJSON reports whether s is valid UTF-8 that encoding/json copies
// unchanged between its quotes.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return false // U+2028, U+2029
		}
	}
	return utf8.ValidString(s)
}
