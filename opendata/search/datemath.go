package search

import (
	"strconv"
	"strings"
	"time"
)

// parseDate reads a Solr date: an instant (2024-01-31T00:00:00Z, with
// optional fraction) or NOW, either followed by date math such as
// "-1DAY", "+6MONTHS" or "/DAY" (round down), applied left to right in
// UTC as Solr's DateMathParser does.
func parseDate(s string, now time.Time) (time.Time, error) {
	base, rest := s, ""
	if strings.HasPrefix(s, "NOW") {
		base, rest = "NOW", s[3:]
	} else if i := strings.IndexByte(s, 'Z'); i >= 0 {
		base, rest = s[:i+1], s[i+1:]
	}
	var t time.Time
	if base == "NOW" {
		t = now.UTC()
	} else {
		var err error
		t, err = parseInstant(base)
		if err != nil {
			return time.Time{}, queryErrorf("invalid date %q: use 2024-01-31T00:00:00Z or NOW, with date math such as NOW-1DAY or NOW/DAY", s)
		}
	}
	for rest != "" {
		op := rest[0]
		if op != '+' && op != '-' && op != '/' {
			return time.Time{}, queryErrorf("invalid date math %q in %q: expected +, - or /", rest, s)
		}
		rest = rest[1:]
		n := 0
		if op != '/' {
			i := 0
			for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
				i++
			}
			v, err := strconv.Atoi(rest[:i])
			if err != nil || v > 1_000_000 {
				return time.Time{}, queryErrorf("invalid date math in %q: %c needs a number and a unit, as in NOW-1DAY", s, op)
			}
			n, rest = v, rest[i:]
		}
		j := 0
		for j < len(rest) && rest[j] >= 'A' && rest[j] <= 'Z' {
			j++
		}
		unit := strings.TrimSuffix(rest[:j], "S")
		rest = rest[j:]
		var ok bool
		t, ok = applyMath(t, op, n, unit)
		if !ok {
			return time.Time{}, queryErrorf("invalid date math in %q: unknown unit %q (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, MILLI)", s, unit)
		}
	}
	return t, nil
}

// parseInstant accepts Solr's ISO 8601 instant form.
func parseInstant(s string) (time.Time, error) {
	if !strings.HasSuffix(s, "Z") || len(s) < 20 {
		return time.Time{}, strconv.ErrSyntax
	}
	return time.Parse(time.RFC3339Nano, s)
}

func applyMath(t time.Time, op byte, n int, unit string) (time.Time, bool) {
	if op == '-' {
		n = -n
	}
	if op == '/' {
		return roundDown(t, unit)
	}
	switch unit {
	case "YEAR":
		return t.AddDate(n, 0, 0), true
	case "MONTH":
		return t.AddDate(0, n, 0), true
	case "DAY", "DATE":
		return t.AddDate(0, 0, n), true
	case "HOUR":
		return t.Add(time.Duration(n) * time.Hour), true
	case "MINUTE":
		return t.Add(time.Duration(n) * time.Minute), true
	case "SECOND":
		return t.Add(time.Duration(n) * time.Second), true
	case "MILLI", "MILLISECOND":
		return t.Add(time.Duration(n) * time.Millisecond), true
	}
	return t, false
}

func roundDown(t time.Time, unit string) (time.Time, bool) {
	y, mo, d := t.Date()
	switch unit {
	case "YEAR":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), true
	case "MONTH":
		return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC), true
	case "DAY", "DATE":
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), true
	case "HOUR":
		return t.Truncate(time.Hour), true
	case "MINUTE":
		return t.Truncate(time.Minute), true
	case "SECOND":
		return t.Truncate(time.Second), true
	case "MILLI", "MILLISECOND":
		return t.Truncate(time.Millisecond), true
	}
	return t, false
}
