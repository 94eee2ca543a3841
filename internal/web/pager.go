package web

// Pager is the data of the "pagination" template: where the previous and
// next pages are and links to the pages around this one.
type Pager struct {
	Page, Pages, Total int
	PrevURL, NextURL   string
	Links              []PageLink
}

// PageLink is one numbered link of a pager; Gap marks an ellipsis.
type PageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// pagerWindow is how many pages either side of the current one are linked.
const pagerWindow = 2

// NewPager pages total items perPage at a time, page counting from 1;
// url makes the address of a page.
func NewPager(total, page, perPage int, url func(page int) string) Pager {
	pages := max(1, (total+perPage-1)/perPage)
	page = min(max(1, page), pages)
	p := Pager{Page: page, Pages: pages, Total: total}
	if page > 1 {
		p.PrevURL = url(page - 1)
	}
	if page < pages {
		p.NextURL = url(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-pagerWindow || n > page+pagerWindow) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, PageLink{Gap: true})
		}
		p.Links = append(p.Links, PageLink{Number: n, URL: url(n), Current: n == page})
		last = n
	}
	return p
}

// Offset is the index of the page's first item.
func (p Pager) Offset(perPage int) int { return (p.Page - 1) * perPage }
