package search

import "slices"

// DefaultFacetLimit is CKAN's search.facets.limit, used when
// Query.FacetLimit is 0.
const DefaultFacetLimit = 50

// countFacets counts each requested field's values over hits.
func (ix *Index) countFacets(hits []int32, q Query) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(q.FacetFields))
	limit := q.FacetLimit
	if limit == 0 {
		limit = DefaultFacetLimit
	}
	for _, field := range q.FacetFields {
		list := []FacetCount{}
		if ff := ix.facets[field]; ff != nil {
			counts := make([]int, len(ff.values))
			for _, d := range hits {
				for _, v := range ff.perDoc[d] {
					counts[v]++
				}
			}
			for vi, c := range counts {
				if c >= q.FacetMinCount {
					list = append(list, FacetCount{Value: ff.values[vi], Count: c})
				}
			}
			// values are already in ascending order; a stable sort by
			// count keeps that order among equal counts.
			slices.SortStableFunc(list, func(a, b FacetCount) int { return b.Count - a.Count })
		}
		if limit > 0 && len(list) > limit {
			list = list[:limit]
		}
		out[field] = list
	}
	return out
}
