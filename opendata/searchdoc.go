package opendata

import (
	"strconv"
	"time"

	"github.com/gdx-exchange/gdx/opendata/search"
)

// SearchDoc is a package as CKAN's Solr schema indexes it: the exact
// fields that fq, facets and sorts name, and the catch-all text. The CKAN
// API and the portal both index it, so that a query means the same to
// both.
func SearchDoc(p Package) search.Doc {
	f := map[string][]string{
		"state": {p.State}, "type": {p.Type}, "dataset_type": {p.Type}, "entity_type": {"package"},
		"capacity": {capacity(p)}, "license_id": {p.LicenseID}, "license": {p.LicenseTitle},
		"owner_org": {p.OwnerOrg}, "maintainer": {p.Maintainer}, "author": {p.Author}, "version": {p.Version},
		"title_string": {p.Title}, "num_resources": {strconv.Itoa(p.NumResources)}, "num_tags": {strconv.Itoa(p.NumTags)},
		"data_type": {p.DataType}, "update_frequency_unit": {p.UpdateFrequencyUnit},
		"update_frequency_interval": {p.UpdateFrequencyInterval}, "geo_coverage": {p.GeoCoverage},
		"data_source": {p.DataSource}, "data_category": {p.DataCategory}, "allow_harvest": {p.AllowHarvest},
		"objective": p.Objective, "data_format": p.DataFormat, "data_language": p.DataLanguage,
		"classification": {p.Classification},
	}
	var text []string
	if p.Organization != nil {
		f["organization"] = []string{p.Organization.Name}
		text = append(text, p.Organization.Title)
	}
	for _, t := range p.Tags {
		f["tags"] = append(f["tags"], t.Name)
		text = append(text, t.Name)
	}
	for _, g := range p.Groups {
		f["groups"] = append(f["groups"], g.Name)
		text = append(text, g.Title)
	}
	for _, r := range p.Resources {
		f["res_format"] = append(f["res_format"], r.Format)
		f["res_type"] = append(f["res_type"], r.ResourceType)
		f["res_url"] = append(f["res_url"], r.URL)
		text = append(text, r.Name, r.Description)
	}
	for _, x := range p.Extras {
		f["extras_"+x.Key] = []string{x.Value}
		text = append(text, x.Value)
	}
	return search.Doc{ID: p.ID, Name: p.Name, Title: p.Title, Notes: p.Notes, Text: text, Fields: dropEmpty(f),
		Dates: map[string]time.Time{"metadata_modified": p.MetadataModified.Time, "metadata_created": p.MetadataCreated.Time}}
}

func capacity(p Package) string {
	if p.Private {
		return "private"
	}
	return "public"
}

// dropEmpty removes empty values, which Solr does not index.
func dropEmpty(f map[string][]string) map[string][]string {
	for k, vs := range f {
		kept := vs[:0:0]
		for _, v := range vs {
			if v != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) == 0 {
			delete(f, k)
		} else {
			f[k] = kept
		}
	}
	return f
}
