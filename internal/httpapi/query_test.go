package httpapi_test

import (
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
)

func TestCheckQuery(t *testing.T) {
	tests := []struct {
		name, raw string
		allowed   []string
		reason    string
	}{
		{"none", "", nil, ""},
		{"an allowed parameter", "fields=a,b", []string{"fields"}, ""},
		{"an empty allowed parameter", "fields=", []string{"fields"}, ""},
		{"unknown parameter", "fields=a&debug=1", []string{"fields"}, httpapi.ReasonQueryUnknown},
		{"any parameter where none is taken", "x", nil, httpapi.ReasonQueryUnknown},
		{"repeated parameter", "fields=a&fields=religion", []string{"fields"}, httpapi.ReasonQueryRepeated},
		{"bad escape", "fields=%zz", []string{"fields"}, httpapi.ReasonQueryMalformed},
		{"semicolon separator", "fields=a;debug=1", []string{"fields"}, httpapi.ReasonQueryMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := httpapi.CheckQuery(tt.raw, tt.allowed)
			if catalog.ErrorReason(err) != tt.reason || (err != nil && !catalog.IsKind(err, catalog.KindInvalid)) {
				t.Fatalf("httpapi.CheckQuery(%q) = %v; want reason %q", tt.raw, err, tt.reason)
			}
		})
	}
}
