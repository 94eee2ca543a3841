package strictjson

import (
	"errors"
	"strings"
	"testing"
)

// fastCases are texts on both sides of every rule and of the grammar.
var fastCases = []string{
	`{}`, ` {} `, `{"a":"b"}`, `{"a":1,"b":-0.5e+3,"c":[true,false,null,{}],"d":{"e":[]}}`,
	`{"a":"\n"}`, `{"a":"\u00e9\ud83d\ude00\"\\\/\b\f\r\t"}`, `{"\u0061":1,"a":2}`, `{"a":1,"A":2}`,
	`{"sub":1,"ſub":2}`, `{"Sub":1}`, `{"sub":1}`, `{"kid":"x","KID":"y"}`, `{"a":{"b":{"c":{}}}}`,
	`{"a":[[[[]]]]}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":1e}`, `{"a":tru}`, `{"a":truex}`,
	`{"a":"x` + "\x01" + `"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":1,}`, `{,}`, `{"a" 1}`, `{"a":1}{}`,
	`{"a":1} x`, `[]`, `"a"`, ``, `   `, `{"a":"b"`, `{"a":["b",]}`, `{"a":"` + "\u202e" + `"}`,
	`{"a":"x\u0000"}`, `{"\u0000":1}`, `{"x5t#S256":1}`, `{"X5T#s256":1}`,
}

// fastRules are the rule sets the cases run under.
var fastRules = []Rules{
	{MaxDepth: DefaultMaxDepth},
	{MaxDepth: 2, Names: []string{"sub", "kid", "x5t#S256"}},
	{MaxDepth: 3, Text: func(s string) error {
		if strings.ContainsAny(s, "\x00\n\u202e") {
			return errors.New("bad text")
		}
		return nil
	}},
}

// TestFastMatchesWalker: on every case and rule set, the fast path
// accepts exactly what the walker accepts.
func TestFastMatchesWalker(t *testing.T) {
	for _, r := range fastRules {
		for _, c := range fastCases {
			checkFastAgainstWalker(t, []byte(c), r)
		}
	}
}

func checkFastAgainstWalker(t *testing.T, data []byte, r Rules) {
	t.Helper()
	if !utf8Faithful(data) {
		return
	}
	fast, slow := fastAccept(data, r), walk(data, r)
	if fast && slow != nil {
		t.Fatalf("fast path accepted %q, which the walker refuses: %v", data, slow)
	}
	if !fast && slow == nil && !strings.Contains(string(data), strings.Repeat(`"`, 2*maxFastMembers)) {
		t.Errorf("fast path refused %q, which the walker accepts (every such text pays for the walker)", data)
	}
}

// FuzzFastMatchesWalker holds the fast path to the walker on any text.
func FuzzFastMatchesWalker(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range fastRules {
			if !utf8Faithful(data) {
				return
			}
			if fastAccept(data, r) && walk(data, r) != nil {
				t.Fatalf("fast path accepted %q, which the walker refuses: %v", data, walk(data, r))
			}
		}
	})
}

func TestFastAcceptDoesNotAllocate(t *testing.T) {
	data := []byte(`{"iss":"DLA","sub":"officer-17","aud":"urn:gdx","iat":1,"nbf":1,"exp":2,"jti":"x","purpose":"licensing","ial":"2.3","aal":"2","cnf":{"x5t#S256":"abc"}}`)
	r := Rules{MaxDepth: 8, Names: []string{"iss", "sub", "aud", "x5t#S256"}, Text: func(string) error { return nil }}
	if n := testing.AllocsPerRun(100, func() { fastAccept(data, r) }); n != 0 {
		t.Errorf("fastAccept allocates %v times for a token's claims", n)
	}
}

// BenchmarkCheck compares Check (fast path first) with the walker alone
// on the claims of a request JWT.
//
//	go test -run '^$' -bench Check -benchmem ./internal/strictjson/
func BenchmarkCheck(b *testing.B) {
	data := []byte(`{"aal":"2","aud":"urn:gdx:gateway:test","cnf":{"x5t#S256":"hVxQ0nHQ5Qq4yPz3Zb3Fq2dD6sAqVh8m0bW3p1y8c0E"},"exp":1764572700,"ial":"2.3","iat":1764572400,"iss":"DLA","jti":"4f9a1c2e7b6d4e0f","nbf":1764572400,"purpose":"licensing","sub":"officer-17"}`)
	r := Rules{MaxDepth: 8, Names: []string{"iss", "sub", "aud", "iat", "nbf", "exp", "jti", "purpose", "ial", "aal", "cnf", "x5t#S256"},
		Text: func(string) error { return nil }}
	for _, c := range []struct {
		name  string
		check func([]byte, Rules) error
	}{{"Check", Check}, {"walker", walk}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.check(data, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestFoldEqualIsFoldName: foldEqual agrees with comparing foldName's
// results, ASCII against non-ASCII included.
func TestFoldEqualIsFoldName(t *testing.T) {
	words := []string{"sub", "SUB", "ſub", "ſUB", "kid", "\u212aid", "KID", "x5t#S256", "X5T#s256", "", "a", "ab", "é", "É", "ǅ", "ǆ", "Ǆ", "ß", "SS", "ẞ"}
	for _, a := range words {
		for _, b := range words {
			if got, want := foldEqual(a, b), foldName(a) == foldName(b); got != want {
				t.Errorf("foldEqual(%q, %q) = %v, foldName says %v", a, b, got, want)
			}
		}
	}
}
