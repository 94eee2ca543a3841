package publish_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/gdx-exchange/gdx/opendata/publish"
	"github.com/gdx-exchange/gdx/opendata/publish/ckantest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// mixedReport publishes the fixture, then a second run in which one
// package changed and another is refused.
func mixedReport(t *testing.T) *publish.Report {
	srv := ckantest.New(t, token)
	c := newClient(t, srv, token)
	publishAll(t, c, fixture(), publish.Options{})
	pkgs := fixture()
	pkgs[0].Notes = "ฐานข้อมูลใบอนุญาตจำหน่ายอาหาร ปรับปรุงรายวัน"
	pkgs[1].DataCategory = "ข้อมูลเปิด"
	return publishAll(t, c, pkgs, publish.Options{})
}

func TestReportTable(t *testing.T) {
	var b bytes.Buffer
	if err := mixedReport(t).WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "report_table.golden", b.Bytes())
}

func TestReportJSON(t *testing.T) {
	r := mixedReport(t)
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "report_json.golden", b.Bytes())
	var back publish.Report
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || len(back.Failures) != 1 || back.Failures[0].Fields["data_category"] == nil {
		t.Errorf("JSON does not read back: %v %+v", err, back)
	}
}
