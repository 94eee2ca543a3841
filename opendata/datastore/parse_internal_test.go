package datastore

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

func TestParseSearch(t *testing.T) {
	tests := []struct {
		name string
		in   params
		errs httpapi.CKANFieldErrors
		chk  func(t *testing.T, s *search)
	}{
		{name: "defaults", in: params{"resource_id": "r"}, chk: func(t *testing.T, s *search) {
			if s.limit != DefaultLimit || s.offset != 0 || !s.includeTotal || s.recordsFormat != FormatObjects || s.distinct {
				t.Errorf("defaults: %+v", s)
			}
		}},
		{name: "id renamed", in: params{"id": "r2", "resource_id": "r1"}, chk: func(t *testing.T, s *search) {
			if s.resourceID != "r2" {
				t.Errorf("resource id %q, want the id's", s.resourceID)
			}
		}},
		{name: "limit capped", in: params{"resource_id": "r", "limit": json.Number("50000")}, chk: func(t *testing.T, s *search) {
			if s.limit != MaxLimit {
				t.Errorf("limit %d", s.limit)
			}
		}},
		{name: "whole float limit", in: params{"resource_id": "r", "limit": json.Number("5.0")}, chk: func(t *testing.T, s *search) {
			if s.limit != 5 {
				t.Errorf("limit %d", s.limit)
			}
		}},
		{name: "flags as CKAN's boolean_validator", in: params{"resource_id": "r", "include_total": "on", "distinct": "Y"}, chk: func(t *testing.T, s *search) {
			if s.includeTotal || !s.distinct {
				t.Errorf("include_total %v distinct %v; 'on' is false and 'Y' true", s.includeTotal, s.distinct)
			}
		}},
		{name: "q JSON object", in: params{"resource_id": "r", "q": `{"province":"น่าน"}`}, chk: func(t *testing.T, s *search) {
			if !reflect.DeepEqual(s.q, map[string]any{"province": "น่าน"}) {
				t.Errorf("q %#v", s.q)
			}
		}},
		{name: "q JSON that is not an object stays text", in: params{"resource_id": "r", "q": `[1]`}, chk: func(t *testing.T, s *search) {
			if s.q != "[1]" {
				t.Errorf("q %#v", s.q)
			}
		}},
		{name: "fields comma string", in: params{"resource_id": "r", "fields": ` a , "b" ,c`}, chk: func(t *testing.T, s *search) {
			if !reflect.DeepEqual(s.fields, []string{"a", "b", "c"}) {
				t.Errorf("fields %q", s.fields)
			}
		}},
		{name: "full_text searches as q", in: params{"resource_id": "r", "full_text": "ตลาด"}, chk: func(t *testing.T, s *search) {
			if s.q != "ตลาด" {
				t.Errorf("q %#v", s.q)
			}
		}},
		{name: "missing resource id", in: params{"resource_id": ""}, errs: httpapi.CKANFieldErrors{"resource_id": {"Missing value"}}},
		{name: "bad numbers", in: params{"resource_id": "r", "limit": "x", "offset": "1e3", "total_estimation_threshold": "t"},
			errs: httpapi.CKANFieldErrors{"limit": {"Invalid integer"}, "offset": {"Invalid integer"}, "total_estimation_threshold": {"Invalid integer"}}},
		{name: "fields not a list", in: params{"resource_id": "r", "fields": map[string]any{}, "sort": []any{"a", json.Number("1")}},
			errs: httpapi.CKANFieldErrors{"fields": {"Not a list"}, "sort": {"Neither a string nor a list: 1"}}},
		{name: "filters bad JSON", in: params{"resource_id": "r", "filters": "{"}, errs: httpapi.CKANFieldErrors{"filters": {"Cannot parse JSON"}}},
		{name: "junk", in: params{"resource_id": "r", "b": "1", "a": "2"},
			errs: httpapi.CKANFieldErrors{"__junk": {"The input field ['a', 'b'] was not expected."}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := parseSearch(tc.in)
			if tc.errs != nil {
				if !reflect.DeepEqual(err, tc.errs) {
					t.Fatalf("error %v, want %v", err, tc.errs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.chk(t, s)
		})
	}
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name, query   string
		limit, offset int64
		want          object
	}{
		{"post body", "", 100, 0, object{{"start", "/p"}, {"next", "/p?offset=100"}}},
		{"offset replaced in place", "offset=10&limit=5&q=a+b", 5, 10,
			object{{"start", "/p?limit=5&q=a+b"}, {"next", "/p?offset=15&limit=5&q=a+b"}, {"prev", "/p?offset=5&limit=5&q=a+b"}}},
		{"repeated key keeps its last value, blank dropped", "a=1&b=&a=2&c", 5, 5,
			object{{"start", "/p?a=2"}, {"next", "/p?a=2&offset=10"}}},
		{"thai escaped", "q=%E0%B8%99", 1, 0, object{{"start", "/p?q=%E0%B8%99"}, {"next", "/p?q=%E0%B8%99&offset=1"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := links("/p", tc.query, tc.limit, tc.offset); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("links = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCSVValue(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, ""}, {"", `""`}, {"a,b", `"a,b"`}, {`say "hi"`, `"say ""hi"""`}, {"two\nlines", "\"two\nlines\""},
		{"tab\there", "tab\there"}, {true, "t"}, {false, "f"}, {int64(-3), "-3"},
		{18.7883, "18.7883"}, {123456789.0, "123456789"}, {1e20, "1e+20"}, {0.00001, "1e-05"},
	}
	for _, tc := range tests {
		if got := csvValue(tc.in, ','); got != tc.want {
			t.Errorf("csvValue(%#v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := csvValue("tab\there", '\t'); got != "\"tab\there\"" {
		t.Errorf("TSV quoting: %q", got)
	}
}
