package console

import (
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/gateway/admin"
)

// showHomePage greets the steward and links the console's pages.
func (s *Server) showHomePage(c *gin.Context) {
	s.site.OK(c, "home", s.site.Page(c, "home.title", viewOf(c)))
}

// datasetsView is the data of the datasets page.
type datasetsView struct {
	view
	Owner    string
	Datasets []catalog.Dataset
}

// showDatasetList lists the agency's datasets; the central office sees
// every agency's, or one owner's with ?owner=.
func (s *Server) showDatasetList(c *gin.Context) {
	v := &datasetsView{view: viewOf(c), Owner: c.Query("owner")}
	if !v.Central {
		v.Owner = v.Steward.Agency
	}
	ds, err := s.svc.ListDatasets(c.Request.Context(), caller(c), v.Owner)
	if err != nil {
		s.refuse(c, err)
		return
	}
	v.Datasets = ds
	s.site.OK(c, "datasets", s.site.Page(c, "datasets.title", v))
}

// purposesView is the data of the purposes page: every purpose, and
// which of them the agency's grants carry.
type purposesView struct {
	view
	Purposes []catalog.Purpose
	InUse    map[string]int
}

// showPurposeList lists the registered purposes with their lawful basis
// and how many of the agency's grants use each.
func (s *Server) showPurposeList(c *gin.Context) {
	ctx := c.Request.Context()
	ps, err := s.svc.ListPurposes(ctx, caller(c))
	if err != nil {
		s.refuse(c, err)
		return
	}
	gs, err := s.svc.ListGrants(ctx, caller(c), admin.GrantQuery{})
	if err != nil {
		s.refuse(c, err)
		return
	}
	v := &purposesView{view: viewOf(c), Purposes: ps, InUse: map[string]int{}}
	for _, g := range gs {
		for _, p := range g.Purposes {
			v.InUse[p]++
		}
	}
	s.site.OK(c, "purposes", s.site.Page(c, "purposes.title", v))
}

// grantsView is the data of the grants page.
type grantsView struct {
	view
	Status   string
	Statuses []catalog.GrantStatus
	Grants   []catalog.Grant
}

// grantStatuses are the statuses the grants page filters by.
var grantStatuses = []catalog.GrantStatus{catalog.GrantRequested, catalog.GrantActive, catalog.GrantRefused, catalog.GrantRevoked}

// showGrantList lists the grants the agency holds or gives, requests
// first; ?status= narrows them.
func (s *Server) showGrantList(c *gin.Context) {
	v := &grantsView{view: viewOf(c), Status: c.Query("status"), Statuses: grantStatuses}
	if v.Status != "" && !slices.Contains(grantStatuses, catalog.GrantStatus(v.Status)) {
		v.Status = ""
	}
	gs, err := s.svc.ListGrants(c.Request.Context(), caller(c), admin.GrantQuery{Status: catalog.GrantStatus(v.Status)})
	if err != nil {
		s.refuse(c, err)
		return
	}
	slices.SortStableFunc(gs, func(a, b catalog.Grant) int {
		return boolRank(b.Status == catalog.GrantRequested) - boolRank(a.Status == catalog.GrantRequested)
	})
	v.Grants = gs
	s.site.OK(c, "grants", s.site.Page(c, "grants.title", v))
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
