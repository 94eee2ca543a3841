package portal

import (
	"io/fs"
	"net/url"
	"regexp"
	"testing"

	"github.com/gdx-exchange/gdx/internal/web"
)

// keyUse finds the message keys templates name literally.
var keyUse = regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)

// TestCatalogueComplete checks that every message exists in Thai and in
// English, and that every key a template or a handler names exists.
func TestCatalogueComplete(t *testing.T) {
	c, err := web.NewCatalogue(messageFiles)
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) > 0 {
		t.Errorf("messages missing a translation: %v", m)
	}
	_ = fs.WalkDir(templateFiles, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFiles, path)
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			if !c.Has(m[1]) {
				t.Errorf("%s uses %q, which has no message", path, m[1])
			}
		}
		return nil
	})
	var dynamic []string
	for _, f := range facetFields {
		dynamic = append(dynamic, "facet."+f)
	}
	for _, s := range []string{StatusActive, StatusExpired, StatusSuspended, StatusRevoked} {
		dynamic = append(dynamic, "status."+s, "licence.message."+s)
	}
	dynamic = append(dynamic, "licence.message.active_noexpiry", "licence.message.expired_noexpiry")
	for _, o := range sorts {
		dynamic = append(dynamic, "sort."+o.key)
	}
	for _, l := range []string{"public", "internal", "confidential", "secret", "top_secret"} {
		dynamic = append(dynamic, "class."+l)
	}
	for _, k := range dynamic {
		if !c.Has(k) {
			t.Errorf("no message %q", k)
		}
	}
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name, query, fq string
	}{
		{"none", "", ""},
		{"one", "organization=dla", `+organization:"dla"`},
		{"quotes escaped", `tags=a"b\c`, `+tags:"a\"b\\c"`},
		{"and, in facet order", "tags=x&organization=dla&tags=y", `+organization:"dla" +tags:"x" +tags:"y"`},
		{"unknown parameter ignored", "owner=me&res_format=CSV", `+res_format:"CSV"`},
		{"blank ignored", "classification=+", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := parseQuery(tt.query)
			if got := filtersOf(q).fq(); got != tt.fq {
				t.Errorf("fq = %q, want %q", got, tt.fq)
			}
		})
	}
}

func parseQuery(s string) (map[string][]string, error) {
	v, err := url.ParseQuery(s)
	return v, err
}
