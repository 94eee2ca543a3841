package portal

import (
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata"
)

// accessItem is one dataset of the metadata catalog that is not open.
type accessItem struct {
	Package    *opendata.Package
	Class      string
	Conditions []string
}

// showAccessCatalog lists the datasets that are not open data, with
// their classification and what it takes to be granted access: their
// description only, never their data.
func (s *Server) showAccessCatalog(c *gin.Context) {
	sn, err := s.current(c.Request.Context())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	p := s.site.Page(c, "access.title", nil)
	var items []accessItem
	for _, pkg := range sn.byID {
		cl := catalog.Classification(pkg.Classification)
		if pkg.Classification == "" || cl == catalog.Public {
			continue
		}
		items = append(items, accessItem{Package: pkg, Class: classLabel(p, pkg.Classification), Conditions: lines(pkg.AccessibleCondition)})
	}
	slices.SortFunc(items, func(a, b accessItem) int {
		if d := catalog.Classification(a.Package.Classification).Rank() - catalog.Classification(b.Package.Classification).Rank(); d != 0 {
			return d
		}
		return strings.Compare(a.Package.Title, b.Package.Title)
	})
	p.Data = items
	s.site.OK(c, "access", p)
}
