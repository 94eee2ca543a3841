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
