package catalog

import (
	"strings"
	"unicode/utf8"
)

// MaxKeyInput bounds the raw key text accepted before normalisation.
const MaxKeyInput = 64

// NormalizeKey checks a record key of the given kind and returns its
// canonical form. Hyphens and spaces are dropped and Thai digits (๐–๙)
// become ASCII digits; anything else that does not fit is KindInvalid, so a
// malformed key never reaches an upstream agency.
func NormalizeKey(kind KeyKind, raw string) (string, error) {
	if len(raw) > MaxKeyInput || !utf8.ValidString(raw) {
		return "", Errorf(KindInvalid, "the record key is too long or not UTF-8").WithReason(ReasonKeyMalformed)
	}
	digits, ok := asciiDigits(raw)
	if !ok {
		return "", Errorf(KindInvalid, "the record key may hold only digits, spaces and hyphens").WithReason(ReasonKeyMalformed)
	}
	switch kind {
	case KeyCitizenID:
		return digits, checkThirteen(digits, "citizen id", func(first byte) bool { return first != '0' && first != '9' }, "must not start with 0 or 9")
	case KeyJuristicID:
		return digits, checkThirteen(digits, "juristic id", func(first byte) bool { return first == '0' }, "must start with 0")
	case KeyHouseID:
		if len(digits) != 11 {
			return "", Errorf(KindInvalid, "a house id has 11 digits, got %d", len(digits)).WithReason(ReasonKeyMalformed)
		}
		return digits, nil
	}
	return "", Errorf(KindInvalid, "dataset records are not looked up by key").WithReason(ReasonKeyNotSupported)
}

// asciiDigits drops hyphens and spaces and maps Thai digits to ASCII.
func asciiDigits(raw string) (string, bool) {
	var b strings.Builder
	for _, r := range raw {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '๐' && r <= '๙':
			b.WriteByte(byte('0' + (r - '๐')))
		case r == '-' || r == ' ':
		default:
			return "", false
		}
	}
	return b.String(), true
}

func checkThirteen(d, what string, firstOK func(byte) bool, firstRule string) error {
	if len(d) != 13 {
		return Errorf(KindInvalid, "a %s has 13 digits, got %d", what, len(d)).WithReason(ReasonKeyMalformed)
	}
	if !firstOK(d[0]) {
		return Errorf(KindInvalid, "a %s %s", what, firstRule).WithReason(ReasonKeyMalformed)
	}
	if CheckDigit(d[:12]) != d[12] {
		return Errorf(KindInvalid, "the %s's check digit is wrong", what).WithReason(ReasonKeyChecksum)
	}
	return nil
}

// CheckDigit returns the mod-11 check digit of the first 12 digits of a
// Thai citizen or juristic id: weights 13…2, check = (11 − sum mod 11) mod 10.
func CheckDigit(first12 string) byte {
	sum := 0
	for i := 0; i < 12; i++ {
		sum += int(first12[i]-'0') * (13 - i)
	}
	return byte('0' + (11-sum%11)%10)
}
