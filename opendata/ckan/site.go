package ckan

import (
	"context"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/internal/httpapi"
	"github.com/gdx-exchange/gdx/opendata"
)

func (h *Handler) licenseList(context.Context, *snapshot, params) (any, error) {
	return opendata.Licenses(), nil
}

// statusShow is status_show: the site's configuration and the extensions
// it runs, with the keys CKAN reports.
func (h *Handler) statusShow(context.Context, *snapshot, params) (any, error) {
	return map[string]any{
		"site_title":       h.cfg.SiteTitle,
		"site_description": h.cfg.SiteDescription,
		"site_url":         h.cfg.SiteURL,
		"error_emails_to":  nilIfEmpty(h.cfg.ErrorEmailsTo),
		"locale_default":   h.cfg.LocaleDefault,
		"extensions":       h.cfg.Extensions,
		"ckan_version":     h.cfg.CKANVersion,
	}, nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (h *Handler) siteRead(context.Context, *snapshot, params) (any, error) { return true, nil }

// helpShow is help_show: the documentation of an action.
func (h *Handler) helpShow(_ context.Context, _ *snapshot, p params) (any, error) {
	errs := httpapi.CKANFieldErrors{}
	name := p.required("name", errs)
	if err := check(errs); err != nil {
		return nil, err
	}
	doc, ok := actionHelp[name]
	if !ok {
		return nil, catalog.Errorf(catalog.KindNotFound, "Action function not found")
	}
	return doc, nil
}

// actionHelp documents each action this API serves.
var actionHelp = map[string]string{
	"package_list": "Return a list of the names of the site's active datasets (packages).\n\n" +
		":param limit: the most names to return (optional)\n:param offset: how many names to skip when limit is given (optional)\n\n:rtype: list of strings",
	"package_show": "Return the metadata of a dataset (package) and its resources.\n\n" +
		":param id: the id or name of the dataset\n\n:rtype: dictionary",
	"package_search": "Search for datasets matching the query.\n\n" +
		":param q: the query: words, \"phrases\", field:value, AND/OR/NOT (optional)\n" +
		":param fq: a filter query, in the same syntax (optional)\n:param fq_list: more filter queries (optional)\n" +
		":param sort: comma-separated field asc|desc, default 'score desc, metadata_modified desc' (optional)\n" +
		":param rows: the most results to return, default 10, at most 1000 (optional)\n" +
		":param start: how many results to skip (optional)\n" +
		":param facet.field: a JSON list of fields to count (optional)\n" +
		":param facet.limit: the most values per facet, default 50, negative for all (optional)\n" +
		":param facet.mincount: the least count a facet value needs, default 1 (optional)\n" +
		":param fl: the fields to return instead of whole dataset dicts (optional)\n\n" +
		":rtype: dictionary with count, facets, results, sort and search_facets",
	"current_package_list_with_resources": "Return the site's datasets and their resources, most recently modified first.\n\n" +
		":param limit: the most datasets to return (optional)\n:param offset: how many to skip (optional)\n\n:rtype: list of dictionaries",
	"resource_show": "Return the metadata of a resource.\n\n:param id: the id of the resource\n\n:rtype: dictionary",
	"organization_list": "Return the names of the site's organizations, or their dictionaries with all_fields.\n\n" +
		":param sort: name, title or package_count with asc or desc, default 'title asc' (optional)\n" +
		":param limit: (optional)\n:param offset: (optional)\n:param all_fields: (optional, default False)\n\n:rtype: list",
	"organization_show": "Return the details of an organization.\n\n:param id: the id or name of the organization\n" +
		":param include_datasets: include the organization's datasets (optional, default False)\n\n:rtype: dictionary",
	"group_list": "Return the names of the site's groups, or their dictionaries with all_fields.\n\n" +
		":param sort: name, title or package_count with asc or desc, default 'title asc' (optional)\n" +
		":param limit: (optional)\n:param offset: (optional)\n:param all_fields: (optional, default False)\n\n:rtype: list",
	"group_show": "Return the details of a group.\n\n:param id: the id or name of the group\n" +
		":param include_datasets: include the group's datasets (optional, default False)\n\n:rtype: dictionary",
	"group_package_show": "Return the datasets of a group.\n\n:param id: the id or name of the group\n" +
		":param limit: the most datasets to return (optional)\n\n:rtype: list of dictionaries",
	"tag_list": "Return the names of the site's free tags.\n\n:param query: only tags containing this text (optional)\n" +
		":param all_fields: return tag dictionaries (optional, default False)\n\n:rtype: list",
	"tag_show": "Return the details of a tag.\n\n:param id: the id or name of the tag\n" +
		":param include_datasets: include the tag's datasets (optional, default False)\n\n:rtype: dictionary",
	"license_list": "Return the licenses available for datasets on the site.\n\n:rtype: list of dictionaries",
	"status_show":  "Return information about the site's configuration.\n\n:rtype: dictionary",
	"site_read":    "Return True: the site is readable.\n\n:rtype: bool",
	"help_show":    "Return the help string for an API action.\n\n:param name: the action's name\n\n:rtype: string",
}
