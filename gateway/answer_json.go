package gateway

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/internal/jsontext"
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
	b = jsontext.AppendString(b, r.Dataset)
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
	b = jsontext.AppendString(b, r.DecisionID)
	b = append(b, `,"policy_version":`...)
	b = jsontext.AppendString(b, r.PolicyVersion)
	b = append(b, `,"audit_event":`...)
	b = jsontext.AppendString(b, r.AuditEventID)
	return append(b, '}'), nil
}

// appendRecord writes the record's fields in key order, as json.Marshal
// does; text values are written directly, others through encoding/json.
func appendRecord(b []byte, rec map[string]any) ([]byte, error) {
	if rec == nil {
		return append(b, "null"...), nil
	}
	// A record's names are sorted in an array on the stack (most records
	// have far fewer fields), not in a new slice per answer.
	var names [32]string
	keys := appendSortedKeys(names[:0], rec)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsontext.AppendString(b, k)
		b = append(b, ':')
		switch v := rec[k].(type) {
		case string:
			b = jsontext.AppendString(b, v)
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

// appendSortedKeys appends m's keys to keys and sorts them.
func appendSortedKeys(keys []string, m map[string]any) []string {
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
	return jsontext.AppendStringMap(b, m)
}

func appendStrings(b []byte, s []string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return jsontext.AppendStrings(b, s)
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
		b = jsontext.AppendString(b, f.Field)
		b = append(b, `,"reasons":`...)
		b = appendStrings(b, f.Reasons)
		b = append(b, '}')
	}
	return append(b, ']')
}
