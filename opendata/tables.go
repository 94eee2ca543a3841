package opendata

import (
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/opendata/tabular"
)

// TabularFormat is one of the formats every tabular resource is offered
// in, as the resource dict names it.
type TabularFormat struct {
	Ext, Format, Mimetype string
}

// TabularFormats are CSV (the DataStore's resource), JSON, Parquet and
// Arrow, in that order.
var TabularFormats = []TabularFormat{
	{".csv", "CSV", "text/csv"},
	{".json", "JSON", "application/json"},
	{".parquet", "Parquet", "application/vnd.apache.parquet"},
	{".arrow", "Arrow", "application/vnd.apache.arrow.file"},
}

// DownloadPath is the path a table's file is downloaded from
// (opendata/download serves it).
func DownloadPath(pkg, table, ext string) string {
	return "/download/" + pkg + "/" + table + ext
}

// TableResourceID is the id of the resource that stands for a table in
// the DataStore: the table's CSV resource.
func TableResourceID(pkg, table string) string {
	return StableID("resource", "datastore:"+pkg+"/"+table)
}

// Table describes one tabular resource of a package for TableResources.
type Table struct {
	Name        string // in the download path and ids: "licences", "volumes"
	Title       string // Thai and English, as the resource's name
	Description string
	Rows        int64
	Modified    Time
	// Fields are the table's columns, published with every format.
	Fields []SchemaField
}

// TableResources returns the resources of a table in every format: the
// CSV one carries the DataStore (TableResourceID, datastore_active), the
// others are plain downloads. webURL is the portal's base URL.
func TableResources(webURL, pkg string, t Table) []Resource {
	webURL = strings.TrimRight(webURL, "/")
	out := make([]Resource, 0, len(TabularFormats))
	for i, f := range TabularFormats {
		r := Resource{
			ID: StableID("resource", "file:"+pkg+"/"+t.Name+f.Ext), Name: fmt.Sprintf("%s (%s)", t.Title, f.Format),
			Description: fmt.Sprintf("%s — %d rows / %d แถว", t.Description, t.Rows, t.Rows),
			Format:      f.Format, Mimetype: f.Mimetype, URL: webURL + DownloadPath(pkg, t.Name, f.Ext),
			URLType: "", ResourceType: "file", State: StateActive, LastModified: t.Modified,
			Rows: &t.Rows, Schema: &TableSchema{Fields: t.Fields},
		}
		if i == 0 {
			r.ID, r.DatastoreActive = TableResourceID(pkg, t.Name), true
		}
		out = append(out, r)
	}
	return out
}

// OpenGDCatalog fills the GD-Catalog fields of an open tabular dataset
// published by source (the agency's name), updated every interval units
// (FrequencyDay, FrequencyMonth, ...). byLaw marks a dataset the law and a
// cabinet resolution require to be published (the licence databases).
func OpenGDCatalog(source, dataType, unit, interval, geo string, byLaw bool) GDCatalog {
	objective := []string{objectiveMission}
	if byLaw {
		objective = []string{objectiveLaw, objectiveCabinetRes}
	}
	return GDCatalog{
		DataType: dataType, Objective: objective,
		UpdateFrequencyUnit: unit, UpdateFrequencyInterval: interval,
		GeoCoverage: geo, DataSource: source,
		DataFormat: []string{FormatCSV, FormatJSON, FormatOther}, DataCategory: CategoryPublic,
		DataLanguage: []string{languageThai}, AllowHarvest: allowHarvestYes,
		AccessibleCondition: "เปิดเผยต่อสาธารณะ ไม่มีเงื่อนไข / Open to everyone, no conditions.",
		DataSupport:         choiceNone, DataCollect: choiceNone,
	}
}

// SchemaOf is a table's columns as the resource dicts publish them.
func SchemaOf(s tabular.Schema) []SchemaField {
	out := make([]SchemaField, len(s))
	for i, c := range s {
		out[i] = SchemaField{Name: c.Name, Type: c.Type.Frictionless(), Description: c.Description}
	}
	return out
}
