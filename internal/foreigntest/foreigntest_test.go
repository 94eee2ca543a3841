package foreigntest

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadersSeeWhatIsThere checks the plumbing itself on files whose
// content is known: a CSV with a BOM and Thai text, and RDF that breaks a
// DCAT-AP shape.
func TestReadersSeeWhatIsThere(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(csv, []byte("\ufeffname,n\nร้านอาหาร,7\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tab := ReadTable(t, "csv", csv)
	if len(tab.Columns) != 2 || tab.Columns[0].Name != "name" || len(tab.Rows) != 1 || *tab.Rows[0][0] != "ร้านอาหาร" || *tab.Rows[0][1] != "7" {
		t.Fatalf("DuckDB read %+v", tab)
	}

	ttl := filepath.Join(dir, "t.ttl")
	body := "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://example.org/ds> a dcat:Dataset .\n"
	if err := os.WriteFile(ttl, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := ValidateSHACL(t, DCATAPShapes(), ttl)
	if rep.Conforms || len(rep.Violations()) == 0 {
		t.Fatalf("a dataset without title or description conformed: %+v", rep)
	}
}
