package dcat

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// build turns the catalog into its RDF graph.
func build(c Catalog) *graph {
	g := newGraph()
	cat := iri(c.IRI)
	g.typeOf(cat, "dcat:Catalog")
	addText(g, cat, "dct:title", c.Title)
	addText(g, cat, "dct:description", c.Description)
	g.add(cat, "dct:publisher", agent(g, c.Publisher))
	if c.Homepage != "" {
		home := iri(c.Homepage)
		g.add(cat, "foaf:homepage", home)
		g.typeOf(home, "foaf:Document")
	}
	for _, l := range c.Languages {
		g.add(cat, "dct:language", iri(l))
		g.typeOf(iri(l), "dct:LinguisticSystem")
	}
	if c.License != "" {
		g.add(cat, "dct:license", licence(g, c.License))
	}
	if !c.Modified.IsZero() {
		g.add(cat, "dct:modified", dateTime(c.Modified))
	}
	for _, d := range c.Datasets {
		g.add(cat, "dcat:dataset", dataset(g, d))
	}
	if c.Page != nil {
		page(g, cat, *c.Page)
	}
	return g
}

// buildDataset is the graph of one dataset on its own.
func buildDataset(d Dataset) *graph {
	g := newGraph()
	dataset(g, d)
	return g
}

func dataset(g *graph, d Dataset) term {
	ds := iri(d.IRI)
	g.typeOf(ds, "dcat:Dataset")
	addText(g, ds, "dct:title", d.Title)
	addText(g, ds, "dct:description", d.Description)
	g.add(ds, "dct:identifier", str(d.Identifier))
	for _, k := range d.Keywords {
		addText(g, ds, "dcat:keyword", k)
	}
	for _, th := range d.Themes {
		g.add(ds, "dcat:theme", concept(g, th))
	}
	if d.Publisher.Name != nil {
		g.add(ds, "dct:publisher", agent(g, d.Publisher))
	}
	if d.Contact.Name != "" || d.Contact.Email != "" {
		g.add(ds, "dcat:contactPoint", contact(g, d))
	}
	if d.LandingPage != "" {
		g.add(ds, "dcat:landingPage", iri(d.LandingPage))
		g.typeOf(iri(d.LandingPage), "foaf:Document")
	}
	if d.AccessRights != "" {
		g.add(ds, "dct:accessRights", iri(d.AccessRights))
		g.typeOf(iri(d.AccessRights), "dct:RightsStatement")
	}
	addDates(g, ds, d.Issued, d.Modified)
	for _, s := range d.Spatial {
		g.add(ds, "dct:spatial", iri(s))
		g.typeOf(iri(s), "dct:Location")
	}
	if d.Temporal != nil {
		g.add(ds, "dct:temporal", period(g, d))
	}
	if d.Frequency != "" {
		g.add(ds, "dct:accrualPeriodicity", iri(d.Frequency))
		g.typeOf(iri(d.Frequency), "dct:Frequency")
	}
	for _, l := range d.Languages {
		g.add(ds, "dct:language", iri(l))
		g.typeOf(iri(l), "dct:LinguisticSystem")
	}
	for _, dist := range d.Distributions {
		g.add(ds, "dcat:distribution", distribution(g, dist))
	}
	return ds
}

func distribution(g *graph, d Distribution) term {
	n := iri(d.IRI)
	g.typeOf(n, "dcat:Distribution")
	addText(g, n, "dct:title", d.Title)
	desc := d.Description
	if d.Rows > 0 {
		desc = withRows(desc, d.Rows)
	}
	addText(g, n, "dct:description", desc)
	g.add(n, "dcat:accessURL", iri(d.AccessURL))
	g.add(n, "dcat:downloadURL", iri(d.DownloadURL))
	if d.MediaType != "" {
		mt := iri(IANAMediaType + d.MediaType)
		g.add(n, "dcat:mediaType", mt)
		g.typeOf(mt, "dct:MediaType")
	}
	if d.Format != "" {
		f := iri(FileType + d.Format)
		g.add(n, "dct:format", f)
		g.typeOf(f, "dct:MediaTypeOrExtent")
	}
	if d.License != "" {
		g.add(n, "dct:license", licence(g, d.License))
	}
	if d.ByteSize > 0 {
		g.add(n, "dcat:byteSize", nonNegative(d.ByteSize))
	}
	if !d.Modified.IsZero() {
		g.add(n, "dct:modified", dateTime(d.Modified))
	}
	return n
}

// withRows adds the row count to a distribution's description, the one
// place DCAT-AP leaves for it.
func withRows(t Text, rows int64) Text {
	out := Text{}
	for l, s := range t {
		out[l] = s
	}
	note := map[string]string{"th": "จำนวน %d แถว", "en": "%d rows"}
	for l, f := range note {
		sep := ""
		if out[l] != "" {
			sep = " "
		}
		out[l] += sep + fmt.Sprintf(f, rows)
	}
	return out
}

func agent(g *graph, a Agent) term {
	n := iri(a.IRI)
	g.typeOf(n, "foaf:Agent")
	addText(g, n, "foaf:name", a.Name)
	if a.Type.IRI != "" {
		g.add(n, "dct:type", concept(g, a.Type))
	}
	return n
}

func concept(g *graph, c Concept) term {
	n := iri(c.IRI)
	g.typeOf(n, "skos:Concept")
	addText(g, n, "skos:prefLabel", c.Label)
	return n
}

func contact(g *graph, d Dataset) term {
	n := blank("contact-" + slug(d.Identifier))
	g.typeOf(n, "vcard:Kind") // the class DCAT-AP checks, without inference
	g.typeOf(n, "vcard:Organization")
	g.add(n, "vcard:fn", str(d.Contact.Name))
	if d.Contact.Email != "" {
		g.add(n, "vcard:hasEmail", iri("mailto:"+d.Contact.Email))
	}
	if d.Contact.URL != "" {
		g.add(n, "vcard:hasURL", iri(d.Contact.URL))
	}
	return n
}

func period(g *graph, d Dataset) term {
	n := blank("period-" + slug(d.Identifier))
	g.typeOf(n, "dct:PeriodOfTime")
	if !d.Temporal.Start.IsZero() {
		g.add(n, "dcat:startDate", date(d.Temporal.Start))
	}
	if !d.Temporal.End.IsZero() {
		g.add(n, "dcat:endDate", date(d.Temporal.End))
	}
	return n
}

func licence(g *graph, l string) term {
	n := iri(l)
	g.typeOf(n, "dct:LicenseDocument")
	return n
}

func page(g *graph, cat term, p Page) {
	n := iri(p.URL)
	g.typeOf(n, "hydra:PartialCollectionView")
	g.add(n, "hydra:first", iri(p.First))
	g.add(n, "hydra:last", iri(p.Last))
	g.add(n, "hydra:next", iri(p.Next))
	g.add(n, "hydra:previous", iri(p.Previous))
	g.add(n, "hydra:totalItems", nonNegative(int64(p.TotalItems)))
	g.add(n, "hydra:itemsPerPage", nonNegative(int64(p.ItemsPerPage)))
	g.add(cat, "hydra:view", n)
}

func addDates(g *graph, s term, issued, modified time.Time) {
	if !issued.IsZero() {
		g.add(s, "dct:issued", dateTime(issued))
	}
	if !modified.IsZero() {
		g.add(s, "dct:modified", dateTime(modified))
	}
}

// addText states one literal per language, in a stable order.
func addText(g *graph, s term, p string, t Text) {
	langs := make([]string, 0, len(t))
	for l := range t {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		g.add(s, p, langStr(t[l], l))
	}
}

// slug makes a blank-node label out of any string.
func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
