package portal

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/search"
)

// snapshot is one consistent view of the active packages and their
// search index; immutable once built.
type snapshot struct {
	byID    map[string]*opendata.Package
	byName  map[string]*opendata.Package
	orgs    []orgInfo // ordered by title
	orgByNm map[string]*orgInfo
	index   *search.Index
}

// orgInfo is an organisation and how many active packages it publishes.
type orgInfo struct {
	opendata.Organization
	Count int
}

func buildSnapshot(_ opendata.Marker, pkgs []opendata.Package) (*snapshot, error) {
	s := &snapshot{byID: map[string]*opendata.Package{}, byName: map[string]*opendata.Package{},
		orgByNm: map[string]*orgInfo{}}
	var docs []search.Doc
	for i := range pkgs {
		p := &pkgs[i]
		if p.State != opendata.StateActive || p.Private {
			continue
		}
		s.byID[p.ID], s.byName[p.Name] = p, p
		docs = append(docs, opendata.SearchDoc(*p))
		if p.Organization != nil {
			o := s.orgByNm[p.Organization.Name]
			if o == nil {
				o = &orgInfo{Organization: *p.Organization}
				s.orgByNm[o.Name] = o
			}
			o.Count++
		}
	}
	for _, o := range s.orgByNm {
		s.orgs = append(s.orgs, *o)
	}
	slices.SortFunc(s.orgs, func(a, b orgInfo) int { return strings.Compare(a.Title, b.Title) })
	s.index = search.NewIndex(docs)
	return s, nil
}

// current returns a snapshot no older than cfg.Refresh, rebuilt when the
// store's change marker has moved.
func (s *Server) current(ctx context.Context) (*snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if s.checked.IsZero() || s.cfg.Refresh <= 0 || now.Sub(s.checked) >= s.cfg.Refresh {
		if err := s.snaps.Refresh(ctx); err != nil {
			return nil, fmt.Errorf("portal: %w", err)
		}
		s.checked = now
	}
	sn, err := s.snaps.Current(ctx)
	if err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	return sn, nil
}

// packages returns the packages of a search result, in its order.
func (sn *snapshot) packages(ids []string) []*opendata.Package {
	out := make([]*opendata.Package, 0, len(ids))
	for _, id := range ids {
		if p := sn.byID[id]; p != nil {
			out = append(out, p)
		}
	}
	return out
}
