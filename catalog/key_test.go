package catalog_test

import (
	"testing"

	"github.com/gdx-exchange/gdx/catalog"
)

func TestNormalizeKey(t *testing.T) {
	tests := []struct {
		name   string
		kind   catalog.KeyKind
		raw    string
		want   string
		reason string
	}{
		{"citizen id", catalog.KeyCitizenID, "1101700207030", "1101700207030", ""},
		{"citizen id with hyphens", catalog.KeyCitizenID, "1-1017-00207-03-0", "1101700207030", ""},
		{"citizen id in Thai digits", catalog.KeyCitizenID, "๑๑๐๑๗๐๐๒๐๗๐๓๐", "1101700207030", ""},
		{"citizen id bad check digit", catalog.KeyCitizenID, "1101700207031", "", "key_checksum"},
		{"citizen id starting with 0", catalog.KeyCitizenID, "0105536000315", "", "key_malformed"},
		{"citizen id too short", catalog.KeyCitizenID, "110170020703", "", "key_malformed"},
		{"citizen id with letters", catalog.KeyCitizenID, "11017OO207030", "", "key_malformed"},
		{"sql in key", catalog.KeyCitizenID, "1' OR '1'='1", "", "key_malformed"},
		{"juristic id", catalog.KeyJuristicID, "0105536000313", "0105536000313", ""},
		{"juristic id not starting with 0", catalog.KeyJuristicID, "1101700207030", "", "key_malformed"},
		{"house id", catalog.KeyHouseID, "1001-234567-8", "10012345678", ""},
		{"house id short", catalog.KeyHouseID, "1234", "", "key_malformed"},
		{"no key kind", catalog.KeyNone, "1", "", "key_not_supported"},
		{"too long", catalog.KeyCitizenID, string(make([]byte, 100)), "", "key_malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := catalog.NormalizeKey(tt.kind, tt.raw)
			if tt.reason != "" {
				if catalog.ErrorReason(err) != tt.reason || !catalog.IsKind(err, catalog.KindInvalid) {
					t.Fatalf("err = %v (reason %q), want reason %q", err, catalog.ErrorReason(err), tt.reason)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func FuzzNormalizeKey(f *testing.F) {
	for _, s := range []string{"1101700207030", "๑๑๐๑๗๐๐๒๐๗๐๓๐", "0105536000313", "1-1017-00207-03-0", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, kind := range catalog.KeyKinds {
			got, err := catalog.NormalizeKey(kind, raw)
			if err != nil {
				if !catalog.IsKind(err, catalog.KindInvalid) {
					t.Fatalf("error of kind %s", catalog.ErrorKind(err))
				}
				continue
			}
			again, err := catalog.NormalizeKey(kind, got)
			if err != nil || again != got {
				t.Fatalf("normal form %q is not stable: %q, %v", got, again, err)
			}
			for _, c := range []byte(got) {
				if c < '0' || c > '9' {
					t.Fatalf("normal form %q holds a non-digit", got)
				}
			}
		}
	})
}
