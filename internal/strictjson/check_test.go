package strictjson_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gdx-exchange/gdx/internal/strictjson"
)

func TestCheck(t *testing.T) {
	noNUL := func(s string) error {
		if strings.ContainsRune(s, 0) {
			return errors.New("NUL")
		}
		return nil
	}
	for in, bad := range map[string]bool{`{"a":"b","c":["d",{"e":"f"}]}`: false, `{"a":"\u0000"}`: true,
		`{"a":[{"b":"x\u0000"}]}`: true, `{"\u0000":1}`: true} {
		err := strictjson.Check([]byte(in), strictjson.Rules{Text: noNUL})
		if (err != nil) != bad {
			t.Errorf("CheckJSON(%s) = %v; want refused %v", in, err, bad)
		}
	}
	err := strictjson.Check([]byte(`{"a":{"b":{}}}`), strictjson.Rules{MaxDepth: 2})
	if !errors.Is(err, strictjson.ErrTooDeep) {
		t.Errorf("depth 3 with MaxDepth 2 = %v", err)
	}
	var dup *strictjson.DuplicateError
	if err := strictjson.Check([]byte(`{"sub":"a","ſub":"b"}`), strictjson.Rules{}); !errors.As(err, &dup) {
		t.Errorf("long s folds to s as encoding/json folds it: %v", err)
	}
}

func TestCheckRules(t *testing.T) {
	names := []string{"keys", "x5t#S256"}
	tests := []struct {
		name, in string
		want     error // nil: accepted; for a duplicate, any *DuplicateError
	}{
		{"an object", `{"keys":["a"],"x5t#S256":"b"}`, nil},
		{"nested arrays within the depth", `{"a":[[1]]}`, nil},
		{"a pair of surrogates", `{"a":"\ud83d\ude00"}`, nil},
		{"an escaped backslash then u", `{"a":"\\udc00"}`, nil},
		{"the same name in two objects", `{"a":{"b":1},"c":{"b":2}}`, nil},
		{"invalid UTF-8 in a name", "{\"\xc3\":1}", strictjson.ErrNotUTF8},
		{"a high surrogate at the end", `{"a":"\ud800"}`, strictjson.ErrNotUTF8},
		{"a high surrogate then an escaped quote", `{"a":"\ud800\""}`, strictjson.ErrNotUTF8},
		{"two high surrogates", `{"a":"\ud800\ud800"}`, strictjson.ErrNotUTF8},
		{"a case variant of a known name", `{"Keys":["a"]}`, strictjson.ErrCaseVariant},
		{"a case variant of x5t#S256", `{"x5t#s256":"b"}`, strictjson.ErrCaseVariant},
		{"a case variant of an unknown name is just unknown", `{"Other":1}`, nil},
		{"an array at the top", `[]`, strictjson.ErrNotObject},
		{"a string at the top", `"a"`, strictjson.ErrNotObject},
		{"a second object", `{}{}`, strictjson.ErrTrailing},
		{"a trailing comma", `{"a":1},`, strictjson.ErrTrailing},
		{"too deep", `{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, strictjson.ErrTooDeep},
		{"a duplicate in an array's object", `{"a":[{"b":1,"b":2}]}`, &strictjson.DuplicateError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := strictjson.Check([]byte(tt.in), strictjson.Rules{Names: names})
			var dup *strictjson.DuplicateError
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("Check = %v; want accepted", err)
			case errors.As(tt.want, &dup):
				if !errors.As(err, &dup) {
					t.Fatalf("Check = %v; want a duplicate", err)
				}
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("Check = %v; want %v", err, tt.want)
			}
		})
	}
}

type inner struct {
	Note string `json:"note"`
}

type selfDecoding struct{ Kid string }

func (s *selfDecoding) UnmarshalJSON([]byte) error { return nil }

type outer struct {
	inner
	Keys   []string          `json:"keys,omitempty"`
	Plain  int               // no tag: the Go name
	Hidden string            `json:"-"`
	Nested map[string]*inner `json:"nested"`
	Self   selfDecoding      `json:"self"`
	secret string
}

func TestFieldNames(t *testing.T) {
	got := strings.Join(strictjson.FieldNames(&outer{}), ",")
	if got != "note,keys,Plain,nested,self" {
		t.Errorf("FieldNames = %s", got)
	}
	if got := strictjson.FieldNames(&selfDecoding{}); len(got) != 0 {
		t.Errorf("a type that decodes itself names its own members; got %v", got)
	}
}
