package connectors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// unmarshal decodes a whole upstream body into v. It refuses invalid UTF-8
// (which encoding/json would silently replace), trailing data and values of
// the wrong JSON type; unknown fields are ignored, so an upstream may add
// fields without breaking the exchange.
func unmarshal(body []byte, v any) error {
	if !utf8.Valid(body) {
		return errors.New("body is not valid UTF-8")
	}
	if len(bytes.TrimSpace(body)) == 0 || bytes.TrimSpace(body)[0] != '{' {
		return errNotObject
	}
	return json.Unmarshal(body, v)
}

// errNotObject refuses a body whose JSON value is not an object.
var errNotObject = errors.New("body is not a JSON object")

// decodeObject decodes a whole upstream body into v with fs, meaning what
// unmarshal means, without reflection: the same refusals of invalid
// UTF-8, of what is not one JSON object, and of values of the wrong JSON
// type, and otherwise the same value as json.Unmarshal into the struct fs
// reads (FuzzDecodePersonIsEncodingJSON holds the two together).
func decodeObject[T any](body []byte, fs jsontext.Fields[T], v *T) error {
	if err := jsontext.Check(body); err != nil {
		return err
	}
	r := jsontext.NewSharedReader(body)
	if r.Next() != '{' {
		return errNotObject
	}
	return fs.Read(&r, v)
}

// digits is an identifier that an upstream may send as a JSON string of
// digits or as a JSON integer.
type digits string

// UnmarshalJSON implements json.Unmarshaler.
func (d *digits) UnmarshalJSON(b []byte) error {
	s := string(b)
	if unq, err := strconv.Unquote(s); err == nil && len(b) > 0 && b[0] == '"' {
		s = unq
	}
	if s == "null" || s == "" {
		*d = ""
		return nil
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Errorf("identifier %.40q is not digits", s)
		}
	}
	if len(s) > 20 {
		return fmt.Errorf("identifier %.40q is too long", s)
	}
	*d = digits(s)
	return nil
}

// digitsField is the Field of a digits that at finds in a T, read as
// encoding/json reads it: UnmarshalJSON with the value's text.
func digitsField[T any](name string, at func(*T) *digits) jsontext.Field[T] {
	return jsontext.Field[T]{Name: name, Read: func(r *jsontext.Reader, v *T) error {
		return at(v).UnmarshalJSON(r.Value())
	}}
}

// slicePointerField is the Field of a pointer to a slice that at finds in
// a T, read as encoding/json reads one: null sets the pointer to nil, and
// anything else is read into the slice it points to, a new one if it is
// nil, each element with fs (so that a missing list and an empty one
// differ).
func slicePointerField[T, E any](name string, at func(*T) **[]E, fs jsontext.Fields[E]) jsontext.Field[T] {
	return jsontext.Field[T]{Name: name, Read: func(r *jsontext.Reader, v *T) error {
		p := at(v)
		if r.Null() {
			*p = nil
			return nil
		}
		if *p == nil {
			*p = new([]E)
		}
		return jsontext.Slice(r, *p, fs.Read)
	}}
}

// padded returns d left-padded with zeros to n digits, as an identifier
// sent as a number loses its leading zeros.
func (d digits) padded(n int) string {
	if d == "" || len(d) >= n {
		return string(d)
	}
	return strings.Repeat("0", n-len(d)) + string(d)
}

// beDate converts a Buddhist-era yyyymmdd date (25300115) to an ISO 8601
// Gregorian date (1987-01-15). The registries record unknown parts as 00:
// 25300100 becomes 1987-01 and 25300000 becomes 1987. Zero means no date
// and returns ("", nil).
func beDate(v int64) (string, error) {
	if v == 0 {
		return "", nil
	}
	y, m, d := int(v/10000), int(v/100%100), int(v%100)
	if v < 0 || y < 2400 || y > 2700 {
		return "", fmt.Errorf("date %d: Buddhist-era year outside 2400–2700", v)
	}
	g := y - 543
	switch {
	case m == 0 && d == 0:
		return fmt.Sprintf("%04d", g), nil
	case m < 1 || m > 12:
		return "", fmt.Errorf("date %d: month %d", v, m)
	case d == 0:
		return fmt.Sprintf("%04d-%02d", g, m), nil
	}
	t := time.Date(g, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", fmt.Errorf("date %d: no day %d in month %d", v, d, m)
	}
	return t.Format(time.DateOnly), nil
}

// beDateString is beDate for a date sent as a string ("25400115").
func beDateString(s string) (string, error) {
	if len(s) != 8 {
		return "", fmt.Errorf("date %.20q: want 8 digits yyyymmdd", s)
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return "", fmt.Errorf("date %.20q: want 8 digits yyyymmdd", s)
	}
	return beDate(v)
}

// orNil returns nil for the empty string, so that a missing date is JSON null.
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// address is the catalog's address object.
type address struct {
	houseNo, villageNo, alley, road, subdistrict, district, province, postcode string
}

// record returns the address as a catalog object, after checking that it
// names at least a province and that a postcode, if any, is five digits.
func (a address) record() (map[string]any, error) {
	if strings.TrimSpace(a.province) == "" {
		return nil, errors.New("address has no province")
	}
	if a.postcode != "" && (len(a.postcode) != 5 || strings.Trim(a.postcode, "0123456789") != "") {
		return nil, fmt.Errorf("postcode %.20q is not five digits", a.postcode)
	}
	return map[string]any{
		"house_no": a.houseNo, "village_no": a.villageNo, "alley": a.alley, "road": a.road,
		"subdistrict": a.subdistrict, "district": a.district, "province": a.province, "postcode": a.postcode,
	}, nil
}

// villageNo renders a หมู่ number: "" for none (0).
func villageNo(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// required checks that each named value is not blank.
func required(fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if strings.TrimSpace(fields[i+1]) == "" {
			return fmt.Errorf("%s is missing", fields[i])
		}
	}
	return nil
}
