package dcatfeed

import (
	"net/url"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

// site builds the addresses of the portal that a DCAT description points
// to, under the web listener's base URL.
type site struct {
	base      string
	publisher dcat.Agent
}

// datasetIRI names a package by its id, as ckanext-dcat does, so that the
// IRI survives a rename; the landing page uses the name.
func (s site) datasetIRI(p opendata.Package) string { return s.base + "/dataset/" + p.ID }

func (s site) landingPage(p opendata.Package) string {
	return s.base + "/dataset/" + url.PathEscape(p.Name)
}

func (s site) resourcePage(p opendata.Package, r opendata.Resource) string {
	return s.landingPage(p) + "/resource/" + url.PathEscape(r.ID)
}

func (s site) organizationIRI(o *opendata.Organization) string {
	return s.base + "/organization/" + url.PathEscape(o.Name)
}

// Dataset maps one package to its DCAT-AP description.
func (s site) Dataset(p opendata.Package) dcat.Dataset {
	d := dcat.Dataset{
		IRI: s.datasetIRI(p), Identifier: p.ID,
		Title: s.title(p), Description: description(p),
		Keywords: keywords(p.Tags), Publisher: s.publisherOf(p), Contact: contactOf(p),
		LandingPage: s.landingPage(p), AccessRights: accessRights(p),
		Issued: p.MetadataCreated.Time, Modified: p.MetadataModified.Time,
		Spatial: spatial(p.GeoCoverage), Temporal: temporal(p.Extras),
		Frequency: frequency(p.UpdateFrequencyUnit, p.UpdateFrequencyInterval),
		Languages: languageIRIs(p.DataLanguage),
	}
	if th, ok := themes[p.DataCategory]; ok {
		d.Themes = []dcat.Concept{th}
	}
	open := d.AccessRights == dcat.AccessPublic
	for _, r := range p.Resources {
		if r.State != "" && r.State != opendata.StateActive {
			continue
		}
		d.Distributions = append(d.Distributions, s.distribution(p, r, open))
	}
	return d
}

// title is the package title under its language, with the English title
// the catalog provider keeps in the title_en extra.
func (s site) title(p opendata.Package) dcat.Text {
	t := text(p.Title)
	if en := extra(p.Extras, "title_en"); en != "" && t["en"] == "" {
		t["en"] = en
	}
	return t
}

// description is the package's notes; DCAT-AP requires one, so a package
// without notes is described by its title.
func description(p opendata.Package) dcat.Text {
	if d := text(p.Notes); len(d) > 0 {
		return d
	}
	return text(p.Title)
}

func keywords(tags []opendata.Tag) []dcat.Text {
	var out []dcat.Text
	for _, t := range tags {
		if k := text(t.Name); len(k) > 0 {
			out = append(out, k)
		}
	}
	return out
}

// publisherOf is the package's organisation as a national authority, or
// the catalog's publisher when it has none.
func (s site) publisherOf(p opendata.Package) dcat.Agent {
	o := p.Organization
	if o == nil {
		return s.publisher
	}
	name := text(o.Title)
	if o.Description != "" && name["en"] == "" {
		name["en"] = firstLine(o.Description)
	}
	return dcat.Agent{IRI: s.organizationIRI(o), Name: name, Type: dcat.PublisherNational}
}

// contactOf is the maintainer, else the author, as ckanext-dcat picks
// the contact point.
func contactOf(p opendata.Package) dcat.Contact {
	if p.Maintainer != "" || p.MaintainerEmail != "" {
		return dcat.Contact{Name: orDefault(p.Maintainer, p.MaintainerEmail), Email: p.MaintainerEmail}
	}
	if p.Author != "" || p.AuthorEmail != "" {
		return dcat.Contact{Name: orDefault(p.Author, p.AuthorEmail), Email: p.AuthorEmail}
	}
	return dcat.Contact{}
}

// temporal reads the coverage from ckanext-dcat's temporal_start and
// temporal_end extras (ISO 8601 dates), when a package states it.
func temporal(extras []opendata.Extra) *dcat.Period {
	start, okS := parseDate(extra(extras, "temporal_start"))
	end, okE := parseDate(extra(extras, "temporal_end"))
	if !okS && !okE {
		return nil
	}
	return &dcat.Period{Start: start, End: end}
}

func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, err := ParseSince(s)
	return t, err == nil
}

// distribution maps a resource. A file's download URL is the resource URL
// and its access URL the resource page; an API or a documentation page is
// reached at its URL. A package that is not public offers no download.
func (s site) distribution(p opendata.Package, r opendata.Resource, open bool) dcat.Distribution {
	d := dcat.Distribution{
		IRI:   s.datasetIRI(p) + "/resource/" + r.ID,
		Title: text(orDefault(r.Name, r.Format)), Description: text(r.Description),
		MediaType: mediaType(r.Mimetype), Format: fileType(r.Format),
		License: p.LicenseURL, Modified: r.LastModified.Time,
	}
	if d.Modified.IsZero() {
		d.Modified = r.MetadataModified.Time
	}
	if r.Size != nil && *r.Size > 0 {
		d.ByteSize = *r.Size
	}
	if isFile(r) {
		d.AccessURL = s.resourcePage(p, r)
		if open {
			d.DownloadURL = r.URL
		}
	} else {
		d.AccessURL = r.URL
	}
	return d
}

// isFile tells a downloadable file from an API endpoint or a page of
// documentation.
func isFile(r opendata.Resource) bool {
	switch strings.ToLower(r.ResourceType) {
	case "api", "documentation":
		return false
	}
	return !strings.EqualFold(r.Format, "API")
}

func extra(extras []opendata.Extra, key string) string {
	for _, e := range extras {
		if e.Key == key {
			return strings.TrimSpace(e.Value)
		}
	}
	return ""
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}
