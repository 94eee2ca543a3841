package portal_test

import (
	"strings"
	"testing"
)

func TestDatasetPage(t *testing.T) {
	f := newFixture(t, 2)
	p := f.get(t, "/datasets/licences-01?lang=en")
	for _, want := range []string{
		`<a href="http://data.gdx.test/download/licences-01.csv" download>Download (CSV)</a>`,
		`<a href="http://data.gdx.test/download/licences-01.json" download>Download (JSON)</a>`,
		"<caption>The first 2 rows of licences (CSV)</caption>",
		`<th scope="col">licence_number</th>`,
		"<td>ร้าน &lt;b&gt;หนึ่ง&lt;/b&gt;</td>",
		"<dt>Classification</dt><dd>Public</dd>",
		`href="/organizations/dla"`,
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("dataset page lacks %s", want)
		}
	}
	if p := f.get(t, "/datasets/licences-00"); strings.Contains(p.Body, `id="prev-h"`) {
		t.Error("a preview for a resource the DataStore does not hold")
	}
	// A restricted dataset of the demo catalog: its fields and conditions,
	// never data.
	p = f.get(t, "/access")
	i := strings.Index(p.Body, `<h3><a href="/datasets/`)
	if i < 0 {
		t.Fatal("no restricted dataset listed")
	}
	name := p.Body[i+len(`<h3><a href="/datasets/`):]
	name = name[:strings.Index(name, `"`)]
	d := f.get(t, "/datasets/"+name)
	for _, want := range []string{`id="dict-h"`, `id="cond-h"`, "ข้อมูลส่วนบุคคล"} {
		if !strings.Contains(d.Body, want) {
			t.Errorf("restricted dataset %s lacks %s", name, want)
		}
	}
}
