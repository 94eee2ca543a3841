package dcatfeed

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

// sinceLayouts are the ISO 8601 forms modified_since takes, most
// specific first; a form without a zone is UTC, as CKAN's timestamps are.
var sinceLayouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC3339Nano, true},
	{"2006-01-02T15:04:05.999999999Z0700", true},
	{"2006-01-02T15:04Z07:00", true},
	{"2006-01-02T15:04:05.999999999", false},
	{"2006-01-02T15:04", false},
	{time.DateOnly, false},
}

// ParseSince reads an ISO 8601 date or date-time: 2026-03-01,
// 2026-03-01T09:30, 2026-03-01T09:30:00.123456 (UTC, as CKAN writes
// metadata_modified), or any of those times with Z or an offset.
func ParseSince(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range sinceLayouts {
		var t time.Time
		var err error
		if l.zoned {
			t, err = time.Parse(l.layout, s)
		} else {
			t, err = time.ParseInLocation(l.layout, s, time.UTC)
		}
		if err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an ISO 8601 date or date-time", s)
}

// query is a catalog request's paging and filter.
type query struct {
	page  int
	since time.Time
	raw   string // the modified_since value as given, kept in links
}

// parseQuery reads ?page= and ?modified_since=. Errors: invalid.
func parseQuery(v url.Values) (query, error) {
	q := query{page: 1, raw: v.Get("modified_since")}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return q, catalog.Errorf(catalog.KindInvalid, "page must be a positive integer starting at 1, not %q", p)
		}
		q.page = n
	}
	if q.raw != "" {
		t, err := ParseSince(q.raw)
		if err != nil {
			return q, catalog.Errorf(catalog.KindInvalid,
				"modified_since: %v; use ISO 8601, for example 2026-03-01 or 2026-03-01T09:30:00Z", err)
		}
		q.since = t
	}
	return q, nil
}

// lastPage is the number of pages of total items, at least one so that
// an empty catalog still has its first page.
func lastPage(total, size int) int {
	return max(1, (total+size-1)/size)
}

// pageOf is the Hydra view of page q.page of total items at base (the
// request's path, absolute), keeping modified_since in every link.
func pageOf(base string, q query, total, size int) *dcat.Page {
	last := lastPage(total, size)
	link := func(n int) string {
		v := url.Values{}
		if q.raw != "" {
			v.Set("modified_since", q.raw)
		}
		v.Set("page", strconv.Itoa(n))
		return base + "?" + v.Encode()
	}
	p := &dcat.Page{URL: link(q.page), First: link(1), Last: link(last), TotalItems: total, ItemsPerPage: size}
	if q.page > 1 {
		p.Previous = link(min(q.page-1, last))
	}
	if q.page < last {
		p.Next = link(q.page + 1)
	}
	return p
}
