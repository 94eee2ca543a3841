package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"English lowercased, plurals folded", "Food Shop LICENCES", []string{"food", "shop", "licence"}},
		{"S-stemmer", "companies statistics status glass bus series shoes 1990s", []string{"company", "statistic", "status", "glass", "bus", "sery", "shoe", "1990s"}}, // series -> sery on both sides, as Harman's rule goes,
		{"punctuation separates", "COVID-19, ผู้ป่วย/รายวัน", []string{"covid", "19", "ผู้ป่วย", "ราย", "วัน"}},
		{"Thai digits", "ปี ๒๕๖๗", []string{"ปี", "2567"}},
		{"script change separates", "ร้านABCขายดี", []string{"ร้าน", "abc", "ขาย", "ดี"}},
		{"licence title", "ใบอนุญาตประกอบกิจการโรงงาน", []string{"ใบ", "อนุญาต", "ประกอบ", "กิจการ", "โรงงาน"}},
		{"shop and province", "ร้านขายยาแผนปัจจุบันจังหวัดขอนแก่น", []string{"ร้าน", "ขาย", "ยา", "แผน", "ปัจจุบัน", "จังหวัด", "ขอนแก่น"}},
		{"business name", "ห้างหุ้นส่วนจำกัดสมชายการช่าง", []string{"ห้าง", "หุ้น", "ส่วน", "จำกัด", "สมชาย", "การ", "ช่าง"}},
		{"province kept whole", "โรงแรมริมน้ำเชียงใหม่", []string{"โรงแรม", "ริม", "น้ำ", "เชียงใหม่"}},
		{"proper noun not split", "อำนาจเจริญ", []string{"อำนาจเจริญ"}},
		{"abbreviation mark dropped", "กรุงเทพฯ", []string{"กรุงเทพ"}},
		{"repetition mark dropped", "ต่างๆ", []string{"ต่าง"}},
		{"unknown word kept together", "ซอยสุขุมวิท๒๑", []string{"ซอย", "สุขุมวิท", "21"}},
		{"nikhahit and sara aa read as sara am", "น\u0e4d\u0e32", []string{"น\u0e33"}},
		{"empty", " .,; ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// provinces reads the province section of words.txt.
func provinces(t *testing.T) []string {
	t.Helper()
	_, rest, ok := strings.Cut(wordsTxt, "# Provinces (all 77)\n")
	if !ok {
		t.Fatal("words.txt has no province section")
	}
	section, _, _ := strings.Cut(rest, "\n#")
	var out []string
	for _, l := range strings.Fields(section) {
		out = append(out, strings.TrimPrefix(l, "="))
	}
	return out
}

func TestProvincesAreWholeWords(t *testing.T) {
	ps := provinces(t)
	if len(ps) != 77 {
		t.Fatalf("words.txt lists %d provinces, want 77", len(ps))
	}
	for _, p := range ps {
		if got := Tokens(p); !slices.Equal(got, []string{p}) {
			t.Errorf("Tokens(%q) = %q, want the province whole", p, got)
		}
		if got := Tokens("สถิติจังหวัด" + p + "ปีล่าสุด"); !slices.Contains(got, p) {
			t.Errorf("Tokens(สถิติจังหวัด%sปีล่าสุด) = %q, want %q among them", p, got, p)
		}
	}
}

func TestWordList(t *testing.T) {
	seen := map[string]bool{}
	n := 0
	for i, line := range strings.Split(wordsTxt, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		w := strings.TrimPrefix(line, "=")
		n++
		if seen[w] {
			t.Errorf("line %d: %q is listed twice", i+1, w)
		}
		seen[w] = true
		if utf8.RuneCountInString(w) < 2 {
			t.Errorf("line %d: %q is too short to be a safe dictionary word", i+1, w)
		}
		for _, r := range w {
			if !isThai(r) {
				t.Errorf("line %d: %q has the non-Thai character %q", i+1, w, r)
				break
			}
		}
		if got := Tokens(w); strings.Join(got, "") != w {
			t.Errorf("line %d: Tokens(%q) = %q loses characters", i+1, w, got)
		}
	}
	if n < 2000 {
		t.Errorf("words.txt has %d words, want a few thousand", n)
	}
}

// TestSegmentationKeepsClusters checks on every dictionary word, and on
// pairs of them run together, that cuts never separate a vowel or tone
// mark from its consonant and that no character is lost.
func TestSegmentationKeepsClusters(t *testing.T) {
	var words []string
	for _, line := range strings.Split(wordsTxt, "\n") {
		if line != "" && line[0] != '#' {
			words = append(words, strings.TrimPrefix(line, "="))
		}
	}
	for i, w := range words {
		s := w + words[(i*7+3)%len(words)] + "กขค"
		toks := Tokens(s)
		if strings.Join(toks, "") != s {
			t.Fatalf("Tokens(%q) = %q loses characters", s, toks)
		}
		for _, tok := range toks {
			r, _ := utf8.DecodeRuneInString(tok)
			l, _ := utf8.DecodeLastRuneInString(tok)
			if isFollowing(r) || isLeading(l) {
				t.Fatalf("Tokens(%q) = %q splits a cluster at %q", s, toks, tok)
			}
		}
	}
}

func TestAnalyseBounds(t *testing.T) {
	tx := analyse("ร้านขายยา Pharmacy พะเยา")
	if tx.s != "ร้านขายยา pharmacy พะเยา" {
		t.Fatalf("analyse text = %q", tx.s)
	}
	// ยา at the end of ร้านขายยา lies on word boundaries; ยา inside พะเยา does not.
	aligned, loose := occurrences(&tx, needle{q: "ยา", off: 2}, false)
	if aligned != 1 || loose != 1 {
		t.Errorf("occurrences(ยา) = %d aligned, %d loose; want 1, 1", aligned, loose)
	}
	if a, l := occurrences(&tx, needle{q: "pharm"}, false); a+l != 0 {
		t.Errorf("a Latin word must not match inside another: got %d, %d", a, l)
	}
	if a, _ := occurrences(&tx, needle{q: "pharm", off: 4}, true); a != 1 {
		t.Errorf("prefix pharm* = %d aligned, want 1", a)
	}
	if tx.tokens != 3 {
		t.Errorf("tokens = %d, want 3 (ร้านขายยา, pharmacy, พะเยา)", tx.tokens)
	}
}

// TestSampleTitles checks that titles like those on Thai open-data
// portals cut into dictionary words only.
func TestSampleTitles(t *testing.T) {
	titles := []string{
		"ข้อมูลสถิติจำนวนนักท่องเที่ยวชาวต่างชาติที่เดินทางเข้าประเทศไทย",
		"รายชื่อสถานประกอบการที่ได้รับอนุญาตให้ประกอบกิจการโรงงานจำแนกรายจังหวัด",
		"ข้อมูลการจดทะเบียนจัดตั้งธุรกิจใหม่รายเดือน",
		"ปริมาณขยะมูลฝอยชุมชนที่เกิดขึ้นรายจังหวัด",
		"จำนวนผู้ป่วยโรคไข้เลือดออกรายสัปดาห์",
		"ข้อมูลคุณภาพอากาศจากสถานีตรวจวัดทั่วประเทศ",
		"บัญชีรายชื่อร้านอาหารที่ได้รับป้ายสัญลักษณ์อาหารปลอดภัย",
		"ทะเบียนผู้ประกอบการค้าที่ดินและสิ่งปลูกสร้าง",
		"สถิติการใช้ไฟฟ้าของประเทศไทยจำแนกตามประเภทผู้ใช้",
		"ข้อมูลพิกัดตำแหน่งโรงเรียนในสังกัดสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
		"ราคาขายปลีกน้ำมันเชื้อเพลิงในกรุงเทพมหานครและปริมณฑล",
		"จำนวนประชากรจากการทะเบียนจำแนกตามอายุและเพศ",
		"ใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
		"ข้อมูลการร้องเรียนเหตุเดือดร้อนรำคาญ",
	}
	for _, s := range titles {
		for _, tok := range Tokens(s) {
			if dictionary().lookup([]rune(tok)) == notWord {
				t.Errorf("Tokens(%q) has %q, which is not a dictionary word", s, tok)
			}
		}
	}
	got := strings.Join(Tokens("ข้อมูลการร้องเรียนเหตุเดือดร้อนรำคาญ"), "|")
	if want := "ข้อมูล|การ|ร้องเรียน|เหตุ|เดือดร้อน|รำคาญ"; got != want {
		t.Errorf("Tokens = %s, want %s", got, want)
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"ร้านขายยา Pharmacies, ๒๕๖๗": "ร้านขายยา pharmacy 2567",
		"  น\u0e4d\u0e32 ประปา!! ":   "น\u0e33 ประปา",
		"กรุงเทพฯ ต่างๆ":             "กรุงเทพ ต่าง",
		"COVID-19": "covid 19",
		"":         "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
