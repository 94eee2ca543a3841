package verify

import (
	"encoding/json"
	"net/http"
)

// jsonRender writes a value as JSON without escaping <, > and &, so that
// Thai and business names read as they are.
type jsonRender struct{ v any }

// Render implements gin's render.Render.
func (r jsonRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r.v)
}

// WriteContentType implements gin's render.Render.
func (r jsonRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
}
