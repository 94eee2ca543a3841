package portal

import (
	"time"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/search"
)

// document indexes a package under the field names CKAN's Solr schema
// uses (as opendata/ckan does), so a query typed here means what it means
// to package_search.
func document(p opendata.Package) search.Doc {
	f := map[string][]string{
		"license_id": {p.LicenseID}, "data_category": {p.DataCategory}, "classification": {p.Classification},
		"data_type": {p.DataType}, "geo_coverage": {p.GeoCoverage}, "data_format": p.DataFormat,
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
		text = append(text, r.Name, r.Description)
	}
	for _, x := range p.Extras {
		f["extras_"+x.Key] = []string{x.Value}
		text = append(text, x.Value)
	}
	return search.Doc{ID: p.ID, Name: p.Name, Title: p.Title, Notes: p.Notes, Text: text, Fields: dropEmpty(f),
		Dates: map[string]time.Time{"metadata_modified": p.MetadataModified.Time, "metadata_created": p.MetadataCreated.Time}}
}

// dropEmpty removes empty values, which Solr does not index.
func dropEmpty(f map[string][]string) map[string][]string {
	for k, vs := range f {
		var kept []string
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
