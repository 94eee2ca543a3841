package ckanreq_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/opendata/ckan/ckanreq"
)

const form = "application/x-www-form-urlencoded"

func multipartBody(t *testing.T, fields map[string]string) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.String()
}

func TestRead(t *testing.T) {
	mpType, mpBody := multipartBody(t, map[string]string{"q": "ภาษี", "rows": "2"})
	emptyMPType, emptyMPBody := multipartBody(t, nil)
	tests := []struct {
		name, method, target, ctype, body string
		want                              map[string]any
		err                               string
	}{
		{name: "no data", method: "GET", target: "/a", want: map[string]any{}},
		{name: "query string", method: "GET", target: "/a?q=x&rows=2", want: map[string]any{"q": "x", "rows": "2"}},
		{name: "repeated query key is a list", method: "GET", target: "/a?fq=a&fq=b",
			want: map[string]any{"fq": []any{"a", "b"}}},
		{name: "JSON body", method: "POST", target: "/a", ctype: "application/json", body: `{"rows": 2, "q": "x"}`,
			want: map[string]any{"rows": json.Number("2"), "q": "x"}},
		{name: "JSON body without a content type", method: "POST", target: "/a", body: `{"id": "p"}`,
			want: map[string]any{"id": "p"}},
		{name: "blank body", method: "POST", target: "/a", ctype: "application/json", body: " \n", want: map[string]any{}},
		{name: "query string wins over the body", method: "POST", target: "/a?q=x", ctype: "application/json", body: `{"q": "y"}`,
			want: map[string]any{"q": "x"}},
		{name: "POST form", method: "POST", target: "/a?q=ignored", ctype: form, body: "q=x&fq=a&fq=b",
			want: map[string]any{"q": "x", "fq": []any{"a", "b"}}},
		{name: "form of one JSON key", method: "POST", target: "/a", ctype: form, body: url.QueryEscape(`{"rows": 1}`) + "=1",
			want: map[string]any{"rows": json.Number("1")}},
		{name: "form of one JSON key with an empty value", method: "POST", target: "/a", ctype: form, body: url.QueryEscape(`{"q": "x"}`) + "=",
			want: map[string]any{"q": "x"}},
		{name: "form of one plain key", method: "POST", target: "/a", ctype: form, body: "q=x", want: map[string]any{"q": "x"}},
		{name: "multipart form", method: "POST", target: "/a", ctype: mpType, body: mpBody,
			want: map[string]any{"q": "ภาษี", "rows": "2"}},
		{name: "empty multipart form", method: "POST", target: "/a", ctype: emptyMPType, body: emptyMPBody, want: map[string]any{}},
		{name: "GET form body is not read as a form", method: "GET", target: "/a", ctype: form, body: "q=x",
			err: "Error decoding JSON data. Error: invalid character 'q' looking for beginning of value JSON data extracted from the request: {}"},
		{name: "bad JSON", method: "POST", target: "/a", ctype: "application/json", body: `{"q":`,
			err: "Error decoding JSON data. Error: unexpected EOF JSON data extracted from the request: {}"},
		{name: "JSON list", method: "POST", target: "/a", ctype: "application/json", body: ` [1, 2] `,
			err: "Request data JSON decoded to [1, 2] but it needs to be a dictionary."},
		{name: "form of one bad JSON key", method: "POST", target: "/a", ctype: form, body: "%7Bq=1",
			err: "Error decoding JSON data. Error: invalid character 'q' looking for beginning of object key string JSON data extracted from the request: {}"},
		{name: "bad form", method: "POST", target: "/a", ctype: form, body: "q=%zz",
			err: `Error decoding form data. Error: invalid URL escape "%zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, strings.NewReader(tt.body))
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype)
			}
			got, err := ckanreq.Read(r)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

type failingBody struct{}

func (failingBody) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadBodyError(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/a", failingBody{})
	_, err := ckanreq.Read(r)
	if want := "Error reading request data. Error: connection reset"; err == nil || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}
