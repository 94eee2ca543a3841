package publish

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gdx-exchange/gdx/opendata"
)

// site is what status_show says of the remote.
type site struct {
	Version    string   `json:"ckan_version"`
	Extensions []string `json:"extensions"`
}

// thaiGDC reports whether the remote runs ckanext-thai_gdc, whose tag
// validator takes Thai; a stock CKAN's does not.
func (s site) thaiGDC() bool { return slices.Contains(s.Extensions, "thai_gdc") }

// readSite asks status_show what the remote runs. Errors: any from the
// call (the first call of a run, so a URL that is not CKAN fails here).
func readSite(ctx context.Context, c Caller) (site, error) {
	var s site
	if err := c.Call(ctx, "status_show", map[string]any{}, &s); err != nil {
		return site{}, err
	}
	return s, nil
}

// stockTagChars is a stock CKAN's tag_name_validator ([\w \-.]*$ under
// Python's re.UNICODE): letters, numbers and '_' of any script, space,
// '-' and '.', but not combining marks, so not the Thai vowel and tone
// marks ("ใบอนุญาต" holds "ุ").
var stockTagChars = regexp.MustCompile(`^[\p{L}\p{N}_ \-.]*$`)

// sendableTags splits p's tags into those the remote will take and
// those it would refuse, so that the package lands without them and the
// next run does not try them again.
func (s site) sendableTags(p opendata.Package) (keep, refused []opendata.Tag) {
	for _, t := range p.Tags {
		n := utf8.RuneCountInString(t.Name)
		if n < 2 || n > 100 || (!s.thaiGDC() && !stockTagChars.MatchString(t.Name)) {
			refused = append(refused, t)
			continue
		}
		keep = append(keep, t)
	}
	return keep, refused
}

// tagNote is the report's note on the tags a package was sent without.
func tagNote(p opendata.Package, refused []opendata.Tag) Note {
	names := make([]string, len(refused))
	for i, t := range refused {
		names[i] = fmt.Sprintf("%q", t.Name)
	}
	return Note{Kind: KindPackage, Name: p.Name, Message: "published without the tags " + strings.Join(names, ", ") +
		": CKAN's tag validator refuses them (2-100 letters, digits, spaces, '-', '_' or '.'; " +
		"Thai vowel and tone marks only with ckanext-thai_gdc)"}
}
