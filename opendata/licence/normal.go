package licence

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/connectors/synth"
)

// Limits on the length of text fields, in bytes.
const (
	MaxNumber = 40
	maxOffice = 200
	maxName   = 300
	maxPlace  = 100
)

// NormalizeNumber returns a licence number in normal form: spaces around it
// dropped, Thai digits as ASCII digits, letters upper case. A number is
// 1-40 characters of A-Z, 0-9, '-', '/' and '.', starting with a letter or
// digit; Thai licence numbers such as "12/2567" keep their slash.
func NormalizeNumber(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", errors.New("required")
	}
	if len(s) > 3*MaxNumber || !utf8.ValidString(s) {
		return "", errors.New("longer than 40 characters")
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '๐' && r <= '๙':
			r = '0' + (r - '๐')
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '-' || r == '/' || r == '.') {
			return "", errors.New("may hold only A-Z, 0-9, '-', '/' and '.', not " + strconv.QuoteRune(r))
		}
		b.WriteRune(r)
	}
	n := b.String()
	switch {
	case len(n) > MaxNumber:
		return "", errors.New("longer than 40 characters")
	case !isAlnum(n[0]):
		return "", errors.New("must start with a letter or digit")
	}
	return n, nil
}

func isAlnum(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' }

// provinceNames maps every accepted spelling of a province to its Thai name.
var provinceNames = buildProvinceNames()

func buildProvinceNames() map[string]string {
	m := map[string]string{"กรุงเทพฯ": "กรุงเทพมหานคร", "กทม": "กรุงเทพมหานคร", "กทม.": "กรุงเทพมหานคร"}
	for _, p := range synth.Provinces() {
		m[p.NameTH] = p.NameTH
		m[strings.ToLower(p.NameEN)] = p.NameTH
	}
	return m
}

// NormalizeProvince returns the Thai name of the province s names (in Thai,
// with or without "จังหวัด" or "จ.", or in English), and false when s names
// none of the 77.
func NormalizeProvince(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"จังหวัด", "จ."} {
		s = strings.TrimSpace(strings.TrimPrefix(s, prefix))
	}
	th, ok := provinceNames[s]
	if !ok {
		th, ok = provinceNames[strings.ToLower(s)]
	}
	return th, ok
}

// checkText checks a free-text field: UTF-8, no control characters, no
// spaces around it, at most max bytes, and present when required.
func checkText(add func(field, reason string), field, s string, max int, required bool) {
	switch {
	case s == "":
		if required {
			add(field, "required")
		}
	case !utf8.ValidString(s):
		add(field, "not UTF-8")
	case len(s) > max:
		add(field, "longer than "+strconv.Itoa(max)+" bytes")
	case strings.TrimSpace(s) != s:
		add(field, "has spaces around it")
	case strings.ContainsFunc(s, unicode.IsControl):
		add(field, "holds a control character")
	}
}

func quote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return strconv.Quote(s)
}
