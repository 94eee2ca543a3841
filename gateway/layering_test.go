package gateway

import (
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// TestPipelineKnowsNoHTTP keeps the lookup pipeline a domain verb: its
// files return catalog errors and leave status codes, headers and bodies
// to the handlers and internal/httpapi.
func TestPipelineKnowsNoHTTP(t *testing.T) {
	forbidden := map[string]bool{"net/http": true, "github.com/gin-gonic/gin": true, "github.com/gdx-exchange/gdx/internal/httpapi": true}
	for _, file := range []string{"pipeline.go", "lookup.go", "batch.go", "lookup_audit.go", "minimise.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); forbidden[path] {
				t.Errorf("%s imports %s", file, path)
			}
		}
	}
}
