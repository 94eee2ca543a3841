package opendata

import (
	"bytes"
	"fmt"
	"time"
)

// TimeLayout is CKAN's timestamp form: naive UTC (no zone) with six-digit
// microseconds, what Python's datetime.isoformat gives for a UTC datetime
// whose microsecond is not zero.
const TimeLayout = "2006-01-02T15:04:05.000000"

// Time is a CKAN timestamp. It marshals as TimeLayout in UTC, and the zero
// Time as null.
type Time struct{ time.Time }

// At returns t as a Time truncated to the microsecond, in UTC.
func At(t time.Time) Time { return Time{t.UTC().Truncate(time.Microsecond)} }

// String returns the timestamp in CKAN's form, or "" for the zero Time.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(TimeLayout)
}

// MarshalJSON implements json.Marshaler.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.String() + `"`), nil
}

// UnmarshalJSON implements json.Unmarshaler; it reads CKAN's form, with
// or without the fraction, and null.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("opendata: timestamp %s is not a string", b)
	}
	v, err := ParseTime(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// ParseTime reads a CKAN timestamp: naive UTC with an optional fraction.
func ParseTime(s string) (Time, error) {
	v, err := time.ParseInLocation("2006-01-02T15:04:05.999999", s, time.UTC)
	if err != nil {
		return Time{}, fmt.Errorf("opendata: timestamp %q is not YYYY-MM-DDTHH:MM:SS[.ffffff]: %w", s, err)
	}
	return Time{v}, nil
}
