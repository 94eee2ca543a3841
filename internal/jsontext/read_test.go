package jsontext_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// place, item and doc have each kind of field a Fields reads: strings,
// integers, an embedded struct and a slice of structs.
type place struct {
	City string `json:"city"`
	Zip  int    `json:"zip"`
}

type item struct {
	Name string `json:"name"`
	N    int64  `json:"n"`
}

type doc struct {
	Title  string      `json:"title"`
	Kelvin int64       `json:"k"`
	Items  []item      `json:"items"`
	Amount json.Number `json:"amount"`
	place
}

var (
	placeFields = jsontext.Fields[place]{
		{"city", func(r *jsontext.Reader, v *place) error { return r.String(&v.City) }},
		{"zip", func(r *jsontext.Reader, v *place) error { return r.Int(&v.Zip) }},
	}
	itemFields = jsontext.Fields[item]{
		{"name", func(r *jsontext.Reader, v *item) error { return r.String(&v.Name) }},
		{"n", func(r *jsontext.Reader, v *item) error { return r.Int64(&v.N) }},
	}
	docFields = append(jsontext.Fields[doc]{
		{"title", func(r *jsontext.Reader, v *doc) error { return r.String(&v.Title) }},
		{"k", func(r *jsontext.Reader, v *doc) error { return r.Int64(&v.Kelvin) }},
		jsontext.SliceField("items", func(v *doc) *[]item { return &v.Items }, itemFields.Read),
		jsontext.NumberField("amount", func(v *doc) *json.Number { return &v.Amount }),
	}, jsontext.Embed(placeFields, func(d *doc) *place { return &d.place })...)
)

// docCases are read by both decoders: good, odd but valid, and of wrong
// types.
var docCases = []string{
	`{"title":"t","k":1,"items":[{"name":"a","n":2}],"city":"c","zip":10110}`,
	` { "title" : "ชื่อ" , "zip" : -0 } `,
	`{"TITLE":"fold","Title":"fold again","CITY":"x","K":3}`,
	`{"title":"exact","TITLE":"fold after exact"}`,
	"{\"\u212a\":5,\"ci\u017fy\":\"long s\"}", // Kelvin sign and long s fold to k and s
	`{"\u0074itle":"escaped name","t\u0131tle":"dotless i is no i"}`,
	`{"title":"a","title":"last wins","title":null}`,
	`{"title":null,"k":null,"items":null,"zip":null}`,
	`{"title":"\u00e9\ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t \u003c"}`,
	`{"title":"\ud800 lone \udc00 low \ud800\ud800 two \ud800\u0041 \ud83d"}`,
	`{"items":[{"name":"a","n":1},{"name":"b"}],"items":[{"n":7}]}`,
	`{"items":[{"name":"a"},{"name":"b"}],"items":[{"n":1}],"items":[{"n":2},{"n":3}]}`,
	`{"items":[{"name":"a"}],"items":[],"items":[{"n":2}]}`,
	`{"items":[null,{"name":"x"}]}`,
	`{"items":[]}`,
	`{"other":{"a":[1,{"b":"}"}],"c":"]"},"title":"after a nested unknown","more":[true,false,null,-1.5e3]}`,
	`{"k":9223372036854775807,"zip":-9223372036854775808}`,
	`{"k":9223372036854775808}`,
	`{"k":1.5}`,
	`{"k":1e3}`,
	`{"k":1E0}`,
	`{"k":"5"}`,
	`{"k":true}`,
	`{"title":5}`,
	`{"title":["a"]}`,
	`{"title":{}}`,
	`{"title":false}`,
	`{"items":{}}`,
	`{"items":"x"}`,
	`{"items":[1]}`,
	`{"items":[{"n":"1"}]}`,
	`{"zip":{}}`,
	`{"amount":-1.5e+3}`,
	`{"amount":"1000000.50"}`,
	`{"amount":"\u0031e5"}`,
	`{"amount":""}`,
	`{"amount":" 1"}`,
	`{"amount":"01"}`,
	`{"amount":"1."}`,
	`{"amount":"-"}`,
	`{"amount":"1e3","amount":null}`,
	`{"amount":true}`,
	`{"amount":{}}`,
	`{}`,
	`null`,
}

// TestFieldsReadIsEncodingJSON: for each case the Fields decode refuses
// exactly when json.Unmarshal does, and otherwise gives the same value.
func TestFieldsReadIsEncodingJSON(t *testing.T) {
	for _, data := range docCases {
		sameDoc(t, []byte(data))
	}
}

// FuzzFieldsReadIsEncodingJSON is TestFieldsReadIsEncodingJSON on any
// valid JSON text.
func FuzzFieldsReadIsEncodingJSON(f *testing.F) {
	for _, data := range docCases {
		f.Add([]byte(data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if jsontext.Check(data) == nil {
			sameDoc(t, data)
		}
	})
}

// sameDoc decodes data into a doc both ways, from the same non-zero start
// so that "null leaves it as it is" is seen, with a Reader and with a
// shared one.
func sameDoc(t *testing.T, data []byte) {
	t.Helper()
	for _, r := range []jsontext.Reader{jsontext.NewReader(data), jsontext.NewSharedReader(data)} {
		start := func() doc { return doc{Title: "before", Items: make([]item, 1, 4)} }
		got, want := start(), start()
		gotErr, wantErr := docFields.Read(&r, &got), json.Unmarshal(data, &want)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("%s: Fields.Read %v, encoding/json %v", data, gotErr, wantErr)
		}
		if gotErr != nil && wantErr != nil && !errors.Is(gotErr, jsontext.ErrType) {
			t.Fatalf("%s: Fields.Read %v, not an ErrType", data, gotErr)
		}
		if wantErr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\nFields.Read   %+v\nencoding/json %+v", data, got, want)
		}
	}
}

// FuzzStringIsEncodingJSON holds Reader.String to json.Unmarshal into a
// string, escapes and invalid UTF-8 included.
func FuzzStringIsEncodingJSON(f *testing.F) {
	for _, s := range []string{`"plain"`, `"\u00e9\ud83d\ude00"`, `"\ud800\ud800\udc00"`, `"\ud83d"`, `"\udc00\ud800"`,
		`"\"\\\/\b\f\n\r\t"`, `"\uD83D\uDE00"`, `5`, `null`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if jsontext.Check(data) != nil {
			return
		}
		got, want := "before", "before"
		r := jsontext.NewReader(data)
		gotErr, wantErr := r.String(&got), json.Unmarshal(data, &want)
		if (gotErr == nil) != (wantErr == nil) || got != want {
			t.Fatalf("%q: String %q, %v; encoding/json %q, %v", data, got, gotErr, want, wantErr)
		}
	})
}

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		data string
		ok   bool
	}{
		{`{"a":1}`, true}, {` [1, "x", null] `, true}, {`"s"`, true},
		{``, false}, {`{"a":1}x`, false}, {`{"a":1,}`, false}, {`{'a':1}`, false}, {`[1 2]`, false}, {`"\x"`, false}, {"\"\xff\"", false},
	} {
		err := jsontext.Check([]byte(tt.data))
		var syntax *json.SyntaxError
		if (err == nil) != tt.ok || (err != nil && !errors.As(err, &syntax) && err != jsontext.ErrNotUTF8) {
			t.Errorf("Check(%q) = %v, want ok %v (or a *json.SyntaxError)", tt.data, err, tt.ok)
		}
	}
}

// TestReaderOnUncheckedText: text that was not checked gives some answer,
// never a panic or a loop.
func TestReaderOnUncheckedText(t *testing.T) {
	for _, data := range []string{``, `{`, `{"a"`, `{"a":`, `{"title":"x`, `{"items":[`, `{"items":[,,`, `{"items":[{`,
		`{"title":"\`, `{"title":"\u12`, `{"title":"\ud800\u`, `{,}`, `{"a":1 "b":2}`, `[`, `}`, `{"a"::}`} {
		var d doc
		r := jsontext.NewReader([]byte(data))
		_ = docFields.Read(&r, &d)
	}
}

// FuzzReaderOnUncheckedText is TestReaderOnUncheckedText on any text.
func FuzzReaderOnUncheckedText(f *testing.F) {
	for _, data := range docCases {
		f.Add([]byte(data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d doc
		r := jsontext.NewReader(data)
		_ = docFields.Read(&r, &d)
	})
}
