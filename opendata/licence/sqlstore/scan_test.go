package sqlstore

import (
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/gdx-exchange/gdx/opendata/licence"
)

func TestInternedText(t *testing.T) {
	in := interner{}
	var got string
	col := &internedText{&got, in}
	tests := []struct {
		name string
		scan func() error
		want string
	}{
		{"pgx bytes", func() error { return col.ScanBytes([]byte("เชียงใหม่")) }, "เชียงใหม่"},
		{"sqlite string", func() error { return col.Scan("ภูเก็ต") }, "ภูเก็ต"},
		{"sqlite bytes", func() error { return col.Scan([]byte("DLA")) }, "DLA"},
		{"null", func() error { return col.Scan(nil) }, ""},
	}
	for _, tt := range tests {
		if err := tt.scan(); err != nil || got != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if err := col.Scan(int64(7)); err == nil {
		t.Error("an int64 scanned into text without an error")
	}
	var a, b string
	(&internedText{&a, in}).ScanBytes([]byte("เชียงใหม่"))
	(&internedText{&b, in}).ScanBytes([]byte("เชียงใหม่"))
	if unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("the same text scanned twice made two strings")
	}
}

func TestInternerIsBounded(t *testing.T) {
	in := interner{}
	for i := range maxInterned + 100 {
		if s := in.get([]byte(strconv.Itoa(i))); s != strconv.Itoa(i) {
			t.Fatalf("get %d = %q", i, s)
		}
	}
	if len(in) != maxInterned {
		t.Errorf("the interner holds %d texts, want at most %d", len(in), maxInterned)
	}
}

func TestStoredDate(t *testing.T) {
	var got licence.Date
	d := &storedDate{&got, dateCache{}}
	leap := licence.MakeDate(2024, time.February, 29)
	tests := []struct {
		name string
		src  any
		want licence.Date
	}{
		{"sqlite text", "2024-02-29", leap},
		{"sqlite text again, cached", "2024-02-29", leap},
		{"sqlite bytes", []byte("2024-02-29"), leap},
		{"no expiry", "", licence.Date{}},
		{"not a date reads as none", "someday", licence.Date{}},
		{"null", nil, licence.Date{}},
	}
	for _, tt := range tests {
		got = licence.MakeDate(1999, time.January, 1)
		if err := d.Scan(tt.src); err != nil || got != tt.want {
			t.Errorf("%s: %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	got = licence.Date{}
	if err := d.ScanBytes([]byte("2024-02-29")); err != nil || got != leap {
		t.Errorf("pgx bytes: %v, %v", got, err)
	}
	if err := d.Scan(3.5); err == nil {
		t.Error("a float scanned into a date without an error")
	}
}

func TestOptFloat(t *testing.T) {
	tests := []struct {
		name string
		scan func(f *optFloat) error
		want optFloat
	}{
		{"pgx value", func(f *optFloat) error { return f.ScanFloat64(pgtype.Float8{Float64: 18.79, Valid: true}) }, optFloat{18.79, true}},
		{"pgx null", func(f *optFloat) error { return f.ScanFloat64(pgtype.Float8{}) }, optFloat{}},
		{"sqlite real", func(f *optFloat) error { return f.Scan(98.98) }, optFloat{98.98, true}},
		{"sqlite integer", func(f *optFloat) error { return f.Scan(int64(100)) }, optFloat{100, true}},
		{"sqlite null", func(f *optFloat) error { return f.Scan(nil) }, optFloat{}},
	}
	for _, tt := range tests {
		f := optFloat{1, true}
		if err := tt.scan(&f); err != nil || f != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.name, f, err, tt.want)
		}
	}
	if err := new(optFloat).Scan("north"); err == nil {
		t.Error("text scanned into a float without an error")
	}
}
