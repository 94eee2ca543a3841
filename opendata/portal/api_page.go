package portal

import (
	"maps"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/opendata"
)

// apiView is the data of the API page: the addresses its examples use
// and a real dataset and package to name in them.
type apiView struct {
	SiteURL, APIURL, OpenAPIURL string
	// Dataset is a catalog dataset id for the agency API example, Package
	// a package name and Resource a DataStore resource id for the CKAN
	// ones; placeholders when the portal has none.
	Dataset, Package, Resource string
}

// showAPIPage explains the agency API and the CKAN API with curl
// examples that work against this exchange.
func (s *Server) showAPIPage(c *gin.Context) {
	sn, err := s.current(c.Request.Context())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	view := &apiView{SiteURL: s.cfg.SiteURL, APIURL: s.cfg.APIURL, OpenAPIURL: s.cfg.OpenAPIURL,
		Dataset: "DATASET", Package: "PACKAGE", Resource: "RESOURCE_ID"}
	for _, p := range sortedPackages(sn) {
		if view.Package == "PACKAGE" {
			view.Package = p.Name
		}
		if id := extra(p, "gdx_dataset_id"); id != "" && view.Dataset == "DATASET" {
			view.Dataset = id
		}
		for _, r := range p.Resources {
			if r.DatastoreActive && view.Resource == "RESOURCE_ID" {
				view.Resource = r.ID
			}
		}
	}
	s.site.OK(c, "api", s.site.Page(c, "api.title", view))
}

// sortedPackages returns the active packages by name, so the examples do
// not change from one request to the next.
func sortedPackages(sn *snapshot) []*opendata.Package {
	out := slices.Collect(maps.Values(sn.byName))
	slices.SortFunc(out, func(a, b *opendata.Package) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func extra(p *opendata.Package, key string) string {
	for _, x := range p.Extras {
		if x.Key == key {
			return x.Value
		}
	}
	return ""
}
