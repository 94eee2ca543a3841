package web

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

//go:embed messages/*.json
var baseMessages embed.FS

// Catalogue holds the translated messages of every language, keyed by a
// stable message key such as "nav.datasets". A message is a fmt format:
// T's arguments fill its verbs (%s, %d, %[2]s).
type Catalogue struct {
	msgs map[Lang]map[string]string
}

// NewCatalogue reads one file per language, <lang>.json (a flat JSON
// object of key to message), from each of fsyss in turn: web's own
// messages first, then the site's. A key defined twice for one language
// is an error, so that a site cannot silently shadow a shared message.
func NewCatalogue(fsyss ...fs.FS) (*Catalogue, error) {
	c := &Catalogue{msgs: map[Lang]map[string]string{}}
	for _, l := range Langs {
		c.msgs[l] = map[string]string{}
		for _, fsys := range append([]fs.FS{baseMessages}, fsyss...) {
			if err := c.load(fsys, l); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

func (c *Catalogue) load(fsys fs.FS, l Lang) error {
	name := "messages/" + string(l) + ".json"
	if fsys != fs.FS(baseMessages) {
		if _, err := fs.Stat(fsys, name); errors.Is(err, fs.ErrNotExist) {
			name = string(l) + ".json"
		}
	}
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("web: read messages %s: %w", name, err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("web: parse messages %s: %w", name, err)
	}
	for k, v := range m {
		if _, dup := c.msgs[l][k]; dup {
			return fmt.Errorf("web: message %q of %s is defined twice", k, l)
		}
		c.msgs[l][k] = v
	}
	return nil
}

// T returns the message key in lang, formatted with args. A message
// without verbs ignores its arguments, and one with indexed verbs (%[2]s)
// may use some of them only, so that the languages can differ in what
// they say. An unknown key
// comes back as itself, so a missing translation shows rather than hides;
// Missing lets a test make sure none is.
func (c *Catalogue) T(lang Lang, key string, args ...any) string {
	msg, ok := c.msgs[lang][key]
	if !ok {
		msg, ok = c.msgs[DefaultLang][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 || !strings.Contains(msg, "%") {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether key has a message in every language.
func (c *Catalogue) Has(key string) bool {
	for _, l := range Langs {
		if _, ok := c.msgs[l][key]; !ok {
			return false
		}
	}
	return true
}

// Missing lists, sorted, the keys some language has and another lacks,
// each as "lang: key".
func (c *Catalogue) Missing() []string {
	var out []string
	for _, l := range Langs {
		for _, o := range Langs {
			for k := range c.msgs[o] {
				if _, ok := c.msgs[l][k]; !ok {
					out = append(out, string(l)+": "+k)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
