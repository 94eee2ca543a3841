package datastore

import (
	"context"
	"net/url"

	"github.com/gdx-exchange/gdx/internal/httpapi"
)

// info is datastore_info (CKAN 2.10, taking resource_id as 2.11 does
// besides id): the row count and the fields without _id, each with the
// schema CKAN reads from PostgreSQL's catalog.
func (h *Handler) info(ctx context.Context, p params, _ *url.URL) (any, error) {
	id := text(p["resource_id"])
	if p.blank("resource_id") {
		id = text(p["id"])
		if p.blank("id") {
			return nil, httpapi.CKANFieldErrors{"resource_id": {"Missing value"}}
		}
	}
	t, err := h.table(ctx, id, `Resource/Alias "%s" was not found.`)
	if err != nil {
		return nil, err
	}
	pl := &plan{t: t, s: &search{}, args: t.Args}
	if t.Where != "" {
		pl.where = []string{"(" + t.Where + ")"}
	}
	n, err := pl.total(ctx, h.db)
	if err != nil {
		return nil, err
	}
	fields := make([]object, 0, len(t.Columns))
	for i, d := range fieldDicts(t.Columns) {
		c := t.Columns[i]
		schema := object{{"native_type", c.Type.nativeType()}, {"notnull", false},
			{"index_name", nil}, {"is_index", c.Indexed}, {"uniquekey", false}}
		fields = append(fields, append(d, member{"schema", schema}))
	}
	meta := object{{"id", id}, {"count", n}, {"table_type", "VIEW"}, {"aliases", []string{}}}
	return object{{"meta", meta}, {"fields", fields}}, nil
}
