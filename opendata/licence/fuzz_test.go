package licence_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/licencetest"
)

// writerFunc is a licence.Writer made of a function.
type writerFunc func(ctx context.Context, issuer string, batch []licence.Licence) (licence.Counts, error)

func (f writerFunc) Upsert(ctx context.Context, issuer string, batch []licence.Licence) (licence.Counts, error) {
	return f(ctx, issuer, batch)
}

// FuzzImport feeds arbitrary files to Import: it must never panic, every
// licence it passes on must validate, and every row must be counted once.
//
// NOTE: go test -fuzz crawls here: the test binary links SQLite (for the
// other tests), and the fuzzer's coverage maps of its transpiled C make
// every run slow. The seeds run with the other tests, and
// TestImportSurvivesGarbage below throws random files at Import.
func FuzzImport(f *testing.F) {
	good := strings.Join(licence.ImportRecord(licencetest.Juristic("DLA", 1)), ",")
	header := strings.Join(licence.Columns(), ",")
	f.Add([]byte(header+"\n"+good+"\n"), false)
	f.Add([]byte("\uFEFF"+header+"\n"+good+"\n\"unterminated\n"+good+",x\n"), false)
	f.Add([]byte(`{"licence_number":"A-1","licence_type":"food_shop"}`+"\n[1]\n"), true)
	f.Add([]byte("\xc3\xe9\n\xff"), true)
	f.Fuzz(func(t *testing.T, file []byte, ndjson bool) {
		format := licence.FormatCSV
		if ndjson {
			format = licence.FormatNDJSON
		}
		importAnything(t, file, format)
	})
}

// importAnything imports file through a writer that checks what it gets,
// and checks the report's arithmetic.
func importAnything(t *testing.T, file []byte, format licence.Format) {
	w := writerFunc(func(_ context.Context, issuer string, batch []licence.Licence) (licence.Counts, error) {
		for _, l := range batch {
			if err := l.Validate(); err != nil || l.Issuer != issuer {
				t.Fatalf("Import passed on a bad licence: %v", err)
			}
		}
		return licence.Counts{Inserted: len(batch)}, nil
	})
	rep, err := licence.Import(context.Background(), w, "DLA", bytes.NewReader(file), format, nil)
	if err == nil && rep.Rows != rep.Inserted+rep.Rejected {
		t.Fatalf("%q: %d rows but %d inserted and %d rejected", file, rep.Rows, rep.Inserted, rep.Rejected)
	}
}

// TestImportSurvivesGarbage imports random files made of the characters
// that matter to CSV and JSON, and mutations of a good file.
func TestImportSurvivesGarbage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "a1-,\"\n\r \t{}[]:\\\xff\xe0"
	good := []byte(strings.Join(licence.Columns(), ",") + "\n" +
		strings.Join(licence.ImportRecord(licencetest.Juristic("DLA", 1)), ",") + "\n")
	for range 400 {
		b := make([]byte, r.IntN(300))
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		mutated := bytes.Clone(good)
		for range 1 + r.IntN(4) {
			mutated[r.IntN(len(mutated))] = alphabet[r.IntN(len(alphabet))]
		}
		for _, f := range []licence.Format{licence.FormatCSV, licence.FormatNDJSON} {
			importAnything(t, b, f)
			importAnything(t, mutated, f)
		}
	}
}
