package sqldb_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/internal/sqldb/sqldbtest"
)

// TestListColumnConvention writes lists through EncodeList on both
// engines and reads them back with DecodeList: nil and empty are stored
// as '[]' and read back as nil; other lists read back as written.
func TestListColumnConvention(t *testing.T) {
	type field struct {
		Name string `json:"name"`
	}
	tests := []struct {
		name       string
		list       []field
		wantStored string
		want       []field
	}{
		{"nil", nil, "[]", nil},
		{"empty", []field{}, "[]", nil},
		{"two", []field{{"ชื่อ"}, {"b"}}, `[{"name":"ชื่อ"},{"name":"b"}]`, []field{{"ชื่อ"}, {"b"}}},
	}
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		db := openSchema(t, engine)
		for _, tt := range tests {
			text, err := sqldb.EncodeList(tt.list)
			if err != nil {
				t.Fatalf("%s: EncodeList: %v", tt.name, err)
			}
			mustExec(t, db, `INSERT INTO things (id, owner, doc) VALUES ($1, 'DOPA', $2)`, tt.name, text)
			var stored string
			if err := db.QueryRow(ctx, `SELECT doc FROM things WHERE id = $1`, tt.name).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			got, err := sqldb.DecodeList[field](stored)
			if err != nil {
				t.Fatalf("%s: DecodeList(%q): %v", tt.name, stored, err)
			}
			if stored != tt.wantStored || !reflect.DeepEqual(got, tt.want) || (tt.want == nil) != (got == nil) {
				t.Errorf("%s: stored %q, read back %#v; want %q, %#v", tt.name, stored, got, tt.wantStored, tt.want)
			}
		}
	})
}

func TestDecodeList(t *testing.T) {
	tests := []struct {
		text    string
		want    []string
		wantErr bool
	}{
		{"[]", nil, false},
		{"null", nil, false}, // rows written before the convention
		{`["a"]`, []string{"a"}, false},
		{"", nil, true},
		{`{"a":1}`, nil, true},
		{`[1]`, nil, true},
	}
	for _, tt := range tests {
		got, err := sqldb.DecodeList[string](tt.text)
		if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DecodeList(%q) = %#v, %v; want %#v, error %v", tt.text, got, err, tt.want, tt.wantErr)
		}
	}
	if got := sqldb.EncodeStrings(nil); got != "[]" {
		t.Errorf("EncodeStrings(nil) = %q, want []", got)
	}
	if got := sqldb.EncodeStrings([]string{"a", "ข"}); got != `["a","ข"]` {
		t.Errorf(`EncodeStrings(a, ข) = %q, want ["a","ข"]`, got)
	}
}

func TestJSONDocument(t *testing.T) {
	text, err := sqldb.EncodeJSON(map[string]string{"id": "partial"})
	if err != nil || text != `{"id":"partial"}` {
		t.Fatalf("EncodeJSON = %q, %v", text, err)
	}
	var m map[string]string
	if err := sqldb.DecodeJSON(text, &m); err != nil || m["id"] != "partial" {
		t.Fatalf("DecodeJSON = %v, %v", m, err)
	}
	if _, err := sqldb.EncodeJSON(make(chan int)); err == nil {
		t.Error("EncodeJSON of a channel: no error")
	}
	if err := sqldb.DecodeJSON("{", &m); err == nil {
		t.Error("DecodeJSON of broken JSON: no error")
	}
}

func TestNotFound(t *testing.T) {
	missing := errors.New("thing x not found")
	sqldbtest.Each(t, func(t *testing.T, engine string) {
		db := openSchema(t, engine)
		var id string
		err := db.QueryRow(context.Background(), `SELECT id FROM things WHERE id = 'x'`).Scan(&id)
		if got := sqldb.NotFound(err, "find thing x", missing); got != missing {
			t.Errorf("no row: NotFound = %v, want the missing error", got)
		}
		err = db.QueryRow(context.Background(), `SELECT id FROM no_such_table`).Scan(&id)
		got := sqldb.NotFound(err, "find thing x", missing)
		if got == nil || errors.Is(got, missing) || !errors.Is(got, err) || got.Error()[:13] != "find thing x:" {
			t.Errorf("a failed query: NotFound = %v; want it wrapped with the operation", got)
		}
	})
	if sqldb.NotFound(nil, "op", missing) != nil {
		t.Error("NotFound(nil) is not nil")
	}
}
