package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Bangkok is Thai time (UTC+7, no daylight saving), fixed so that dates
// do not depend on the host's zone database.
var Bangkok = time.FixedZone("ICT", 7*3600)

// BuddhistOffset is what the Buddhist era (พ.ศ.) adds to the common era.
const BuddhistOffset = 543

var (
	thaiMonths = [12]string{"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
		"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"}
	thaiMonthsShort = [12]string{"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
		"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."}
)

// FormatDay writes the calendar day of t as it stands, ignoring its zone
// (for dates that are days, such as a licence's expiry): "1 ธันวาคม
// พ.ศ. 2569" in Thai, "1 December 2026" in English. A zero time is "".
func FormatDay(l Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l == Thai {
		return fmt.Sprintf("%d %s พ.ศ. %d", t.Day(), thaiMonths[t.Month()-1], t.Year()+BuddhistOffset)
	}
	return t.Format("2 January 2006")
}

// FormatDate writes the day of the instant t in Thai time.
func FormatDate(l Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatDay(l, t.In(Bangkok))
}

// FormatDateTime writes the instant t in Thai time to the minute:
// "1 ธ.ค. 2569 14:05 น." or "1 Dec 2026 14:05 ICT".
func FormatDateTime(l Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Bangkok)
	if l == Thai {
		return fmt.Sprintf("%d %s %d %s น.", t.Day(), thaiMonthsShort[t.Month()-1], t.Year()+BuddhistOffset, t.Format("15:04"))
	}
	return t.Format("2 Jan 2006 15:04 MST")
}

// FormatMonth writes a "YYYY-MM" month key (the statistics' months) as
// "พ.ย. 2569" or "Nov 2026"; anything else comes back unchanged.
func FormatMonth(l Lang, month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	if l == Thai {
		return fmt.Sprintf("%s %d", thaiMonthsShort[t.Month()-1], t.Year()+BuddhistOffset)
	}
	return t.Format("Jan 2006")
}

// FormatNumber writes n with thousands separators: 1,234,567.
func FormatNumber(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
