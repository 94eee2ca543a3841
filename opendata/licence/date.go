package licence

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without a time of day, as licences carry them.
// The zero Date means "none".
type Date struct {
	t time.Time // midnight UTC
}

// MakeDate returns the date year-month-day; it does not normalise, so
// callers check with Valid.
func MakeDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return MakeDate(y, m, d)
}

// buddhistEraOffset is the difference between Buddhist Era and Common Era
// years: 2567 BE is 2024 CE.
const buddhistEraOffset = 543

// ParseDate parses YYYY-MM-DD. A year from 2400 is read as a Buddhist Era
// year (Thai files often write 2567-01-15 for 15 January 2024). A day that
// does not exist (2024-02-30) is an error.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || !allDigits(p) {
			return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
		}
		n[i] = v
	}
	if n[0] >= 2400 {
		n[0] -= buddhistEraOffset
	}
	d := MakeDate(n[0], time.Month(n[1]), n[2])
	if n[0] < 1900 || d.t.Year() != n[0] || int(d.t.Month()) != n[1] || d.t.Day() != n[2] {
		return Date{}, fmt.Errorf("%q is not a calendar date", s)
	}
	return d, nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDate returns d moved by years, months and days.
func (d Date) AddDate(years, months, days int) Date {
	return Date{d.t.AddDate(years, months, days)}
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = Date{}
		return nil
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		return fmt.Errorf("date %s is not a JSON string", s)
	}
	v, err := ParseDate(u)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// bangkok is Thailand's time zone (UTC+7, no daylight saving); a licence's
// dates are Thai calendar dates.
var bangkok = time.FixedZone("ICT", 7*60*60)

// Today returns the Thai calendar date at now.
func Today(now time.Time) Date { return DateOf(now.In(bangkok)) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
