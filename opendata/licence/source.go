package licence

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// columns are every column an import file may have, in the order of
// rawRow.vals.
var columns = []string{ColNumber, ColType, ColIssuer, ColOffice, ColLicenseeKind, ColBusinessName, ColJuristicID,
	ColLicenseeName, ColCitizenID, ColProvince, ColDistrict, ColSubdistrict, ColLatitude, ColLongitude,
	ColIssuedOn, ColExpiresOn, ColStatus}

// numColumns is len(columns).
const numColumns = 17

// requiredColumns must be in a CSV header; the others may be left out.
var requiredColumns = []string{ColNumber, ColType, ColLicenseeKind, ColBusinessName, ColProvince, ColIssuedOn, ColStatus}

// Columns returns the import columns in their usual order, for a CSV
// header. Callers must not modify the result.
func Columns() []string { return columns }

func columnIndex(name string) int { return slices.Index(columns, name) }

// columnName reads a column name as a header or a key gives it: case and
// spaces around it ignored, and the American "license_" spelled "licence_".
func columnName(s string) string {
	name := strings.ToLower(strings.TrimSpace(s))
	if rest, ok := strings.CutPrefix(name, "license_"); ok {
		return "licence_" + rest
	}
	return name
}

// rawRow is one row as read, before parsing: its values by column, and
// the problems found while reading it.
type rawRow struct {
	line     int
	vals     [numColumns]string
	problems []Problem
}

func (r *rawRow) get(col string) string { return r.vals[columnIndex(col)] }

// utf8BOM is the byte order mark some tools (Excel) write first.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// skipBOM returns a reader of r without a leading BOM.
func skipBOM(r io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	return br
}

// notUTF8 is the reason given for bytes that are not UTF-8.
const notUTF8 = "not UTF-8: save the file as UTF-8 (Thai text in TIS-620 or Windows-874 is not accepted)"

// csvSource reads CSV rows.
type csvSource struct {
	r      *csv.Reader
	header []int // header[i] is the column index of field i
	width  int
}

func newCSVSource(r io.Reader) (*csvSource, error) {
	cr := csv.NewReader(skipBOM(r))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // checked here, to report it per row
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &fileError{[]Problem{{Line: 1, Reason: "the file is empty: want a header row naming the columns"}}}
	}
	if err != nil {
		return nil, &fileError{[]Problem{{Line: 1, Reason: "the header row is not CSV: " + err.Error()}}}
	}
	s := &csvSource{r: cr, width: len(head)}
	if problems := s.readHeader(head); len(problems) > 0 {
		return nil, &fileError{problems}
	}
	return s, nil
}

// derivedColumns are the columns downloads add that an import takes no
// data from (the Thai type name, the withheld flag): a downloaded file can
// be imported again as it is, and they are skipped.
var derivedColumns = []string{"licence_type_th", "licensee_withheld"}

// skipColumn marks a header position whose values are skipped.
const skipColumn = -1

// readHeader maps the header's fields to columns; unknown, repeated and
// missing required columns are problems.
func (s *csvSource) readHeader(head []string) []Problem {
	var problems []Problem
	have := map[int]bool{}
	for _, h := range head {
		name := columnName(h)
		i := columnIndex(name)
		switch {
		case i < 0 && slices.Contains(derivedColumns, name):
			s.header = append(s.header, skipColumn)
			continue
		case !utf8.ValidString(h):
			problems = append(problems, Problem{Line: 1, Reason: "the header is " + notUTF8})
		case i < 0:
			problems = append(problems, Problem{Line: 1, Column: name,
				Reason: "unknown column (known: " + strings.Join(columns, ", ") + ")"})
		case have[i]:
			problems = append(problems, Problem{Line: 1, Column: name, Reason: "the column appears twice"})
		}
		have[i] = true
		s.header = append(s.header, i)
	}
	for _, c := range requiredColumns {
		if !have[columnIndex(c)] {
			problems = append(problems, Problem{Line: 1, Column: c, Reason: "required column missing from the header"})
		}
	}
	return problems
}

func (s *csvSource) next() (rawRow, error) {
	rec, err := s.r.Read()
	if errors.Is(err, io.EOF) {
		return rawRow{}, io.EOF
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return rawRow{line: pe.StartLine, problems: []Problem{{Line: pe.StartLine, Reason: "not CSV: " + pe.Err.Error()}}}, nil
	}
	if err != nil {
		return rawRow{}, err
	}
	line, _ := s.r.FieldPos(0)
	row := rawRow{line: line}
	if len(rec) != s.width {
		row.problems = append(row.problems, Problem{Line: line,
			Reason: fmt.Sprintf("the row has %d fields but the header has %d", len(rec), s.width)})
		return row, nil
	}
	for i, v := range rec {
		if s.header[i] == skipColumn {
			continue
		}
		if !utf8.ValidString(v) {
			row.problems = append(row.problems, Problem{Line: line, Column: columns[s.header[i]], Reason: notUTF8})
			continue
		}
		row.vals[s.header[i]] = v
	}
	return row, nil
}

// ndjsonSource reads NDJSON rows.
type ndjsonSource struct {
	sc   *bufio.Scanner
	line int
}

func newNDJSONSource(r io.Reader) (*ndjsonSource, error) {
	br := skipBOM(r)
	if b, err := peekNonSpace(br); err == nil && b == '[' {
		return nil, &fileError{[]Problem{{Line: 1,
			Reason: "a JSON array is not accepted: give NDJSON, one object a line (jq -c '.[]' converts an array)"}}}
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &ndjsonSource{sc: sc}, nil
}

// peekNonSpace returns the first byte that is not white space, without
// consuming anything beyond the peeked buffer.
func peekNonSpace(br *bufio.Reader) (byte, error) {
	for n := 1; n <= br.Size(); n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return 0, err
		}
		if c := b[n-1]; c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c, nil
		}
	}
	return 0, io.EOF
}

func (s *ndjsonSource) next() (rawRow, error) {
	for s.sc.Scan() {
		s.line++
		b := bytes.TrimSpace(s.sc.Bytes())
		if len(b) == 0 {
			continue
		}
		return decodeObject(s.line, b), nil
	}
	if errors.Is(s.sc.Err(), bufio.ErrTooLong) {
		return rawRow{}, &fileError{[]Problem{{Line: s.line + 1, Reason: "the line is longer than 1 MiB"}}}
	}
	if err := s.sc.Err(); err != nil {
		return rawRow{}, err
	}
	return rawRow{}, io.EOF
}

// decodeObject reads one NDJSON line into a row.
func decodeObject(line int, b []byte) rawRow {
	row := rawRow{line: line}
	bad := func(col, reason string) {
		row.problems = append(row.problems, Problem{Line: line, Column: col, Reason: reason})
	}
	if !utf8.Valid(b) {
		bad("", notUTF8)
		return row
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		bad("", "not a JSON object: "+err.Error())
		return row
	}
	for k, v := range obj {
		i := columnIndex(columnName(k))
		if i < 0 && slices.Contains(derivedColumns, columnName(k)) {
			continue
		}
		if i < 0 {
			bad(k, "unknown field (known: "+strings.Join(columns, ", ")+")")
			continue
		}
		s, err := jsonText(v)
		if err != nil {
			bad(k, err.Error())
			continue
		}
		row.vals[i] = s
	}
	return row
}

// jsonText returns a JSON string's text, a number's literal, or "" for null.
func jsonText(v json.RawMessage) (string, error) {
	switch {
	case len(v) == 0 || string(v) == "null":
		return "", nil
	case v[0] == '"':
		var s string
		err := json.Unmarshal(v, &s)
		return s, err
	case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
		if _, err := strconv.ParseFloat(string(v), 64); err != nil {
			return "", errors.New("not a number")
		}
		return string(v), nil
	}
	return "", errors.New("must be a string")
}
