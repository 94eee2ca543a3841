package ckanreq

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
)

// MaxFormMemory bounds the part of a multipart form kept in memory; the
// body itself is bounded by the listener's body limit.
const MaxFormMemory = 1 << 20

// Read returns the data dict of a side-effect-free action: a POST form (or
// a form whose one key is a JSON document), else the query string, else a
// JSON object body. Form and query values are strings, or lists of strings
// for repeated keys; JSON numbers are json.Number. The error's text is
// the message of CKAN's "Bad request - JSON Error" answer.
func Read(r *http.Request) (map[string]any, error) {
	if r.Method == http.MethodPost && isForm(r) {
		if err := parseForm(r); err != nil {
			return nil, fmt.Errorf("Error decoding form data. Error: %v", err)
		}
		if len(r.PostForm) > 0 {
			return formData(r.PostForm)
		}
	}
	if q := r.URL.Query(); len(q) > 0 {
		return mixed(q), nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("Error reading request data. Error: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 || isMultipart(r) {
		return map[string]any{}, nil
	}
	return jsonData(body)
}

func parseForm(r *http.Request) error {
	if isMultipart(r) {
		return r.ParseMultipartForm(MaxFormMemory)
	}
	return r.ParseForm()
}

func isForm(r *http.Request) bool {
	mt := mediaType(r)
	return mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data"
}

func isMultipart(r *http.Request) bool { return mediaType(r) == "multipart/form-data" }

func mediaType(r *http.Request) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

// formData reads a POST form; CKAN takes a form of one key whose value is
// "1" or "" as a JSON document sent without a content type.
func formData(form url.Values) (map[string]any, error) {
	if len(form) == 1 {
		for k, v := range form {
			if len(v) > 0 && (v[0] == "1" || v[0] == "") {
				return jsonData([]byte(k))
			}
		}
	}
	return mixed(form), nil
}

func jsonData(b []byte) (map[string]any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("Error decoding JSON data. Error: %v JSON data extracted from the request: {}", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("Request data JSON decoded to %s but it needs to be a dictionary.", bytes.TrimSpace(b))
	}
	return m, nil
}

// mixed turns repeated keys into lists and single ones into strings, as
// CKAN's mixed() does.
func mixed(v url.Values) map[string]any {
	p := make(map[string]any, len(v))
	for k, vs := range v {
		if len(vs) == 1 {
			p[k] = vs[0]
			continue
		}
		list := make([]any, len(vs))
		for i, s := range vs {
			list[i] = s
		}
		p[k] = list
	}
	return p
}
