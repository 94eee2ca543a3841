package datastore

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
)

// MaxPreview bounds the rows a preview asks for.
const MaxPreview = 100

// Preview returns the column names and the first n rows (at most
// MaxPreview) of a resource's table, each value as text, for the preview
// table of a dataset page: the same indexed query as datastore_search with
// no filter. Errors: not found (no table has that resource id),
// unavailable, internal.
func (h *Handler) Preview(ctx context.Context, resourceID string, n int) ([]string, [][]string, error) {
	t, ok, err := h.tables.Table(ctx, resourceID)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, catalog.Errorf(catalog.KindNotFound, "resource %s has no table", resourceID)
	}
	s := &search{resourceID: resourceID, limit: int64(min(max(n, 1), MaxPreview))}
	pl, err := s.bind(t)
	if err != nil {
		return nil, nil, err
	}
	rows, err := pl.rows(ctx, h.db)
	if err != nil {
		return nil, nil, err
	}
	cols := make([]string, len(pl.cols))
	for i, c := range pl.cols {
		cols[i] = c.Name
	}
	text := make([][]string, len(rows))
	for i, r := range rows {
		text[i] = make([]string, len(r))
		for j, v := range r {
			if v != nil {
				text[i][j] = fmt.Sprint(v)
			}
		}
	}
	return cols, text, nil
}
