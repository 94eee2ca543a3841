package portal

import (
	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/search"
)

// recentShown is how many recently changed datasets the home page lists.
const recentShown = 5

// homeView is the data of the home page.
type homeView struct {
	Datasets      int64
	Organizations []orgInfo
	Results       []*opendata.Package
	Licences      bool
	Stats         bool
	// Query and Hidden are the search form's (empty on the home page).
	Query  string
	Hidden []facetParam
}

// showHomePage shows the search box, the newest datasets, the publishers
// and the ways into the licence check and the statistics.
func (s *Server) showHomePage(c *gin.Context) {
	sn, err := s.current(c.Request.Context())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	res, err := sn.index.Search(search.Query{Sort: "metadata_modified desc", Rows: recentShown}, s.now())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	view := &homeView{Datasets: int64(sn.index.Len()), Organizations: sn.orgs, Results: sn.packages(res.IDs),
		Licences: s.licences != nil, Stats: s.stats != nil}
	s.site.OK(c, "home", s.site.Page(c, "", view))
}
