package licence

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
)

// Format is the format of an import file.
type Format string

// The import formats.
//
// CSV: a header row naming the columns (Columns(), in any order, case and
// spaces around them ignored), then one licence a row; UTF-8 with or
// without a BOM. licence_number, licence_type, licensee_kind,
// business_name, province, issued_on and status must be in the header; the
// others may be left out. Values: licence_type a code (food_shop …) or its
// Thai name; licensee_kind juristic or natural (นิติบุคคล, บุคคลธรรมดา);
// juristic_id and citizen_id 13 digits with their mod-11 check digit
// (hyphens, spaces and Thai digits allowed); province any of the 77 in Thai
// or English; dates YYYY-MM-DD, a year from 2400 read as Buddhist Era;
// status active, expired, suspended or revoked (or ใช้ได้, หมดอายุ, พักใช้,
// เพิกถอน); issuer, if given, the importing agency's code.
//
// NDJSON: one JSON object a line with the same names as keys; values are
// strings (numbers are also accepted, e.g. for latitude), null or a
// missing key meaning empty. A JSON array is refused: NDJSON streams with
// exact line numbers, and `jq -c '.[]'` turns an array into it.
const (
	FormatCSV    Format = "csv"
	FormatNDJSON Format = "ndjson"
)

// FormatOf returns the format a file name's extension stands for: .csv is
// CSV; .ndjson, .jsonl and .json are NDJSON.
func FormatOf(name string) (Format, bool) {
	name = strings.ToLower(name)
	switch {
	case strings.HasSuffix(name, ".csv"):
		return FormatCSV, true
	case strings.HasSuffix(name, ".ndjson"), strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".json"):
		return FormatNDJSON, true
	}
	return "", false
}

// Import limits.
const (
	// ImportBatch is how many licences go into one write transaction.
	ImportBatch = 1000
	// MaxProblems is how many problems a Report lists; it counts the rest.
	MaxProblems = 1000
	// maxLine bounds one NDJSON line.
	maxLine = 1 << 20
)

// Problem is one reason a row was rejected, or the file refused (Line 1 or
// 0 for the whole file).
type Problem struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Number string `json:"licence_number,omitempty"`
	Reason string `json:"reason"`
}

// String returns "line 12, column issued_on: reason".
func (p Problem) String() string {
	s := fmt.Sprintf("line %d", p.Line)
	if p.Column != "" {
		s += ", column " + p.Column
	}
	return s + ": " + p.Reason
}

// Progress is how far an import has got, reported after every batch.
type Progress struct {
	// Rows is the number of data rows read; Bytes the bytes of the file
	// read, for a progress bar against the file's size.
	Rows  int
	Bytes int64
	Counts
	Rejected int
}

// Report says what an import did.
type Report struct {
	Issuer string `json:"issuer"`
	Format Format `json:"format"`
	Rows   int    `json:"rows"`
	Counts
	Rejected int `json:"rejected"`
	// Problems lists the first MaxProblems problems; ProblemsOmitted counts
	// the rest.
	Problems        []Problem `json:"problems"`
	ProblemsOmitted int       `json:"problems_omitted"`
}

// Changed reports whether the import changed anything.
func (r Report) Changed() bool { return r.Inserted+r.Updated > 0 }

// Summary is one line for a person: the counts, and "nothing changed" when
// every good row was already stored as it is.
func (r Report) Summary() string {
	s := fmt.Sprintf("%s: %d rows: %d inserted, %d updated, %d unchanged, %d rejected",
		r.Issuer, r.Rows, r.Inserted, r.Updated, r.Unchanged, r.Rejected)
	if !r.Changed() {
		s += "; nothing changed"
	}
	return s
}

func (r *Report) addProblem(p Problem) {
	if len(r.Problems) < MaxProblems {
		r.Problems = append(r.Problems, p)
	} else {
		r.ProblemsOmitted++
	}
}

// source reads the rows of an import file.
type source interface {
	// next returns the next row, io.EOF at the end, or a file-level error
	// (a *fileError) after which no row can be read.
	next() (rawRow, error)
}

// fileError is a problem with the whole file: nothing is imported.
type fileError struct{ problems []Problem }

// Error lists the problems.
func (e *fileError) Error() string {
	parts := make([]string, len(e.problems))
	for i, p := range e.problems {
		parts[i] = p.String()
	}
	return "the file cannot be imported: " + strings.Join(parts, "; ")
}

// Import reads an agency's licence file and stores its good rows in
// batches of ImportBatch, one transaction each, with bounded memory
// whatever the file's length: a bad row is reported with its line, column
// and reason and skipped; a licence number seen before in the file is
// rejected (the first one stays); an issuer column, where present, must
// name the agency. Re-importing a file changes nothing, and the report
// says so. An import never deletes: a licence that is no longer valid is
// imported with its status (expired, suspended, revoked), which keeps its
// history. progress, if not nil, is called after every batch.
//
// A file that cannot be read as a whole (a missing required column, an
// unknown column, a JSON array) is refused with a KindInvalid error and
// its problems in the report. A storage error stops the import; the
// batches written before it stay written.
func Import(ctx context.Context, w Writer, agency string, r io.Reader, format Format, progress func(Progress)) (Report, error) {
	rep := Report{Issuer: agency, Format: format, Problems: []Problem{}}
	if !catalog.ValidAgencyCode(agency) {
		return rep, catalog.Errorf(catalog.KindInvalid, "agency %q is not an agency code", agency).WithReason("agency_malformed")
	}
	cr := &countingReader{r: r}
	src, err := newSource(cr, format)
	if err != nil {
		return rep, refuse(&rep, err)
	}
	im := importer{w: w, agency: agency, rep: &rep, bytes: cr, progress: progress, seen: newSeenSet()}
	if err := im.run(ctx, src); err != nil {
		return rep, refuse(&rep, err)
	}
	return rep, nil
}

// refuse turns a file-level error into the report's problems and an
// invalid error; other errors pass through.
func refuse(rep *Report, err error) error {
	fe, ok := err.(*fileError)
	if !ok {
		return err
	}
	for _, p := range fe.problems {
		rep.addProblem(p)
	}
	return catalog.Errorf(catalog.KindInvalid, "%s", fe.Error()).WithReason("import_file_invalid")
}

func newSource(r io.Reader, format Format) (source, error) {
	switch format {
	case FormatCSV:
		return newCSVSource(r)
	case FormatNDJSON:
		return newNDJSONSource(r)
	}
	return nil, &fileError{[]Problem{{Reason: fmt.Sprintf("unknown format %q (want csv or ndjson)", format)}}}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

// Read reads from the underlying reader and counts.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
