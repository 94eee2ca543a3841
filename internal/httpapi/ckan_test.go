package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
)

func TestCKANError(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		body   map[string]any
	}{
		{"field errors", fmt.Errorf("search: %w", CKANFieldErrors{"rows": {"Invalid integer"}}), http.StatusConflict,
			map[string]any{"__type": "Validation Error", "rows": []string{"Invalid integer"}}},
		{"plain invalid", catalog.Errorf(catalog.KindInvalid, "Cannot sort by field `x`"), http.StatusConflict,
			map[string]any{"__type": "Validation Error", "message": "Cannot sort by field `x`"}},
		{"not found", catalog.Errorf(catalog.KindNotFound, ""), http.StatusNotFound,
			map[string]any{"__type": "Not Found Error", "message": "Not found"}},
		{"not found with text", catalog.Errorf(catalog.KindNotFound, "Resource was not found."), http.StatusNotFound,
			map[string]any{"__type": "Not Found Error", "message": "Not found: Resource was not found."}},
		{"forbidden", catalog.Errorf(catalog.KindForbidden, "User  not authorized to read package x"), http.StatusForbidden,
			map[string]any{"__type": "Authorization Error", "message": "Access denied: User  not authorized to read package x"}},
		{"search query", &CKANQueryError{Message: "Invalid search parameters: ['foo']"}, http.StatusBadRequest,
			map[string]any{"__type": "Search Query Error", "message": `Search Query is invalid: "Invalid search parameters: ['foo']"`}},
		{"internal hides the cause", errors.New("pq: password authentication failed"), http.StatusInternalServerError,
			map[string]any{"__type": "Internal Server Error", "message": "Internal Server Error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := CKANError(tt.err)
			if status != tt.status || !reflect.DeepEqual(body, tt.body) {
				t.Errorf("CKANError = %d %v, want %d %v", status, body, tt.status, tt.body)
			}
		})
	}
}

func TestPythonRepr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", `'abc'`},
		{"it's", `"it's"`},
		{`both ' and "`, `'both \' and "'`},
		{"back\\slash\n", `'back\\slash\n'`},
		{"ไทย", `'ไทย'`},
		{"\x01", `'\x01'`},
	}
	for _, tt := range tests {
		if got := PythonRepr(tt.in); got != tt.want {
			t.Errorf("PythonRepr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if got := PythonListRepr([]string{"a", "b"}); got != `['a', 'b']` {
		t.Errorf("PythonListRepr = %s", got)
	}
}
