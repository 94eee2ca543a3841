package portal

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata"
)

// previewRows is how many rows a dataset page previews.
const previewRows = 10

// datasetView is the data of a dataset page.
type datasetView struct {
	Package    *opendata.Package
	Class      string
	Conditions []string
	Preview    *previewView
}

// previewView is the first rows of one resource.
type previewView struct {
	Resource *opendata.Resource
	Columns  []string
	Rows     [][]string
}

// showDatasetPage shows a package's metadata, its resources with their
// download links, and a preview of the first tabular resource's rows.
func (s *Server) showDatasetPage(c *gin.Context) {
	sn, err := s.current(c.Request.Context())
	if err != nil {
		s.site.ServerError(c, err)
		return
	}
	pkg := sn.byName[c.Param("name")]
	if pkg == nil {
		s.site.NotFound(c)
		return
	}
	view := &datasetView{Package: pkg, Conditions: lines(pkg.AccessibleCondition)}
	p := s.site.Page(c, "", view)
	p.Title, view.Class = pkg.Title, classLabel(p, pkg.Classification)
	if view.Preview, err = s.preview(c, pkg); err != nil {
		s.site.ServerError(c, err)
		return
	}
	s.site.OK(c, "dataset", p)
}

// preview reads the first rows of the first resource the DataStore
// holds: those marked datastore_active, then any CSV one. None is no
// preview, not an error.
func (s *Server) preview(c *gin.Context, pkg *opendata.Package) (*previewView, error) {
	if s.previews == nil {
		return nil, nil
	}
	for _, r := range previewCandidates(pkg) {
		cols, rows, err := s.previews.Preview(c.Request.Context(), r.ID, previewRows)
		if catalog.IsKind(err, catalog.KindNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &previewView{Resource: r, Columns: cols, Rows: rows}, nil
	}
	return nil, nil
}

// maxPreviewTries bounds the resources a page asks the DataStore about.
const maxPreviewTries = 3

func previewCandidates(pkg *opendata.Package) []*opendata.Resource {
	var active, csv []*opendata.Resource
	for i := range pkg.Resources {
		r := &pkg.Resources[i]
		switch {
		case r.DatastoreActive:
			active = append(active, r)
		case strings.EqualFold(r.Format, "CSV"):
			csv = append(csv, r)
		}
	}
	all := append(active, csv...)
	return all[:min(len(all), maxPreviewTries)]
}

// lines splits a text into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
