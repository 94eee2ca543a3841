package jsontext

import (
	"encoding/json"
	"strings"
	"testing"
)

// validCases are texts json.Valid accepts and refuses, for each rule of
// the grammar and the depth limit.
var validCases = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1.5e+3`, `-0.0E-0`, `true`, `false`, `null`, " \t\r\n{ } \n",
	`{"a":[1,{"b":null}],"c":"\"\\\/\b\f\n\r\t\u00e9\uD83D"}`, `[1,"x",true,null,{}]`, "\"ชื่อ\"", "\"\xff\"",
	``, ` `, `{`, `}`, `[`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `[1,]`, `[,1]`, `[1 2]`, `{"a" 1}`, `{1:2}`,
	`{'a':1}`, `01`, `-`, `1.`, `.5`, `1e`, `1e+`, `+1`, `0x1`, `1.5.5`, `tru`, `truex`, `nul`, `True`, `NaN`,
	`"\x"`, `"\u12"`, `"\u12g4"`, `"\'"`, "\"a\nb\"", "\"\x00\"", "\"\x1f\"", `"`, `"\"`, `{} {}`, `[]]`, `1 2`,
	"\u00a0{}", "\v1", "\f1", `{"a":1}x`,
	strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth),
	strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
	strings.Repeat(`{"a":`, maxDepth) + "1" + strings.Repeat("}", maxDepth),
	strings.Repeat(`{"a":`, maxDepth+1) + "1" + strings.Repeat("}", maxDepth+1),
}

func TestValidIsJSONValid(t *testing.T) {
	for _, data := range validCases {
		if got, want := valid([]byte(data)), json.Valid([]byte(data)); got != want {
			t.Errorf("valid(%.60q) = %v, json.Valid %v", data, got, want)
		}
	}
}

func FuzzValidIsJSONValid(f *testing.F) {
	for _, data := range validCases {
		f.Add([]byte(data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := valid(data), json.Valid(data); got != want {
			t.Fatalf("valid(%q) = %v, json.Valid %v", data, got, want)
		}
	})
}
