package opendata

// Package is a CKAN package (dataset) dict with the Thai GD-Catalog fields
// at the top level, as ckanext-scheming lays them out. Providers fill
// everything except the timestamps, which the store assigns when it
// materialises the package (Stamp).
type Package struct {
	ID                     string        `json:"id"`
	Name                   string        `json:"name"`
	Title                  string        `json:"title"`
	Notes                  string        `json:"notes"`
	URL                    string        `json:"url"`
	Type                   string        `json:"type"`
	State                  string        `json:"state"`
	Private                bool          `json:"private"`
	Author                 string        `json:"author"`
	AuthorEmail            string        `json:"author_email"`
	Maintainer             string        `json:"maintainer"`
	MaintainerEmail        string        `json:"maintainer_email"`
	Version                string        `json:"version"`
	LicenseID              string        `json:"license_id"`
	LicenseTitle           string        `json:"license_title"`
	LicenseURL             string        `json:"license_url"`
	IsOpen                 bool          `json:"isopen"`
	OwnerOrg               string        `json:"owner_org"`
	CreatorUserID          string        `json:"creator_user_id"`
	MetadataCreated        Time          `json:"metadata_created"`
	MetadataModified       Time          `json:"metadata_modified"`
	Organization           *Organization `json:"organization"`
	Groups                 []Group       `json:"groups"`
	Tags                   []Tag         `json:"tags"`
	Extras                 []Extra       `json:"extras"`
	Resources              []Resource    `json:"resources"`
	NumResources           int           `json:"num_resources"`
	NumTags                int           `json:"num_tags"`
	RelationshipsAsObject  []any         `json:"relationships_as_object"`
	RelationshipsAsSubject []any         `json:"relationships_as_subject"`

	GDCatalog

	// Classification is the dataset's level under the Thai government
	// data governance framework (catalog.Classification), and
	// ClassificationTH its Thai name.
	Classification   string `json:"classification,omitempty"`
	ClassificationTH string `json:"classification_th,omitempty"`
	// DataDictionary lists the dataset's fields with their PDPA flags:
	// names and descriptions, never data.
	DataDictionary []DictionaryField `json:"data_dictionary,omitempty"`
}

// GDCatalog holds the Thai GD-Catalog fields of a package
// (ckanext-thai_gdc's dataset schema); the choice fields take the strings
// in Choices.
//
// Each choice field has an _other companion holding free text when the
// choice is "อื่นๆ" (other), as the schema's forms do.
type GDCatalog struct {
	DataType                 string   `json:"data_type"`
	DataTypeOther            string   `json:"data_type_other"`
	Objective                []string `json:"objective"`
	ObjectiveOther           string   `json:"objective_other"`
	UpdateFrequencyUnit      string   `json:"update_frequency_unit"`
	UpdateFrequencyUnitOther string   `json:"update_frequency_unit_other"`
	UpdateFrequencyInterval  string   `json:"update_frequency_interval"`
	GeoCoverage              string   `json:"geo_coverage"`
	GeoCoverageOther         string   `json:"geo_coverage_other"`
	DataSource               string   `json:"data_source"`
	DataFormat               []string `json:"data_format"`
	DataFormatOther          string   `json:"data_format_other"`
	DataCategory             string   `json:"data_category"`
	LicenseIDOther           string   `json:"license_id_other"`
	AccessibleCondition      string   `json:"accessible_condition"`
	DataSupport              string   `json:"data_support"`
	DataSupportOther         string   `json:"data_support_other"`
	DataCollect              string   `json:"data_collect"`
	DataCollectOther         string   `json:"data_collect_other"`
	DataLanguage             []string `json:"data_language"`
	DataLanguageOther        string   `json:"data_language_other"`
	AllowHarvest             string   `json:"allow_harvest"`
	CreatedDate              string   `json:"created_date"`
	LastUpdatedDate          string   `json:"last_updated_date"`
}

// DictionaryField describes one field of a dataset for the metadata
// catalog, with its PDPA flags.
type DictionaryField struct {
	Name       string `json:"name"`
	TitleTH    string `json:"title_th,omitempty"`
	TitleEN    string `json:"title_en,omitempty"`
	Type       string `json:"type"`
	Personal   bool   `json:"personal"`
	Sensitive  bool   `json:"sensitive"`
	Identifier bool   `json:"identifier"`
}

// Extra is a free key/value pair of a package (CKAN's extras).
type Extra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Resource is a CKAN resource dict. URL is absolute.
type Resource struct {
	ID               string  `json:"id"`
	PackageID        string  `json:"package_id"`
	Name             string  `json:"name"`
	Description      string  `json:"description"`
	Format           string  `json:"format"`
	Mimetype         string  `json:"mimetype"`
	URL              string  `json:"url"`
	URLType          string  `json:"url_type"`
	ResourceType     string  `json:"resource_type"`
	State            string  `json:"state"`
	Position         int     `json:"position"`
	Size             *int64  `json:"size"`
	Hash             string  `json:"hash"`
	Created          Time    `json:"created"`
	LastModified     Time    `json:"last_modified"`
	MetadataModified Time    `json:"metadata_modified"`
	CacheURL         *string `json:"cache_url"`
	CacheLastUpdated Time    `json:"cache_last_updated"`
	MimetypeInner    *string `json:"mimetype_inner"`
	DatastoreActive  bool    `json:"datastore_active"`
	// Rows and Schema describe a tabular resource: its row count and its
	// columns as a Frictionless Table Schema (the "schema" field CKAN's
	// ckanext-validation and data.gov.* portals read).
	Rows   *int64       `json:"rows,omitempty"`
	Schema *TableSchema `json:"schema,omitempty"`
}

// TableSchema is a Frictionless Data Table Schema (specs.frictionlessdata.io/table-schema).
type TableSchema struct {
	Fields []SchemaField `json:"fields"`
}

// SchemaField is one column of a TableSchema.
type SchemaField struct {
	Name        string `json:"name"`
	Type        string `json:"type"` // string, integer, number, boolean, date, datetime
	Description string `json:"description,omitempty"`
}

// Package states (CKAN's).
const (
	StateActive  = "active"
	StateDeleted = "deleted"
)

// Stamp sets the store's timestamps and state on p and its resources, and
// fills the derived fields (positions, counts, package ids) the way CKAN's
// package_dictize does.
func (p *Package) Stamp(created, modified Time, state string) {
	p.MetadataCreated, p.MetadataModified, p.State = created, modified, state
	for i := range p.Resources {
		r := &p.Resources[i]
		r.PackageID, r.Position = p.ID, i
		if r.State == "" {
			r.State = StateActive
		}
		r.Created, r.MetadataModified = created, modified
	}
	p.NumResources, p.NumTags = len(p.Resources), len(p.Tags)
}

// Normalize replaces nil lists with empty ones, so the dict has CKAN's
// [] rather than null, and sets CKAN's defaults for the type.
func (p *Package) Normalize() {
	if p.Type == "" {
		p.Type = "dataset"
	}
	p.Groups, p.Tags, p.Extras, p.Resources = orEmpty(p.Groups), orEmpty(p.Tags), orEmpty(p.Extras), orEmpty(p.Resources)
	p.RelationshipsAsObject, p.RelationshipsAsSubject = orEmpty(p.RelationshipsAsObject), orEmpty(p.RelationshipsAsSubject)
	p.Objective, p.DataFormat, p.DataLanguage = orEmpty(p.Objective), orEmpty(p.DataFormat), orEmpty(p.DataLanguage)
	p.NumResources, p.NumTags = len(p.Resources), len(p.Tags)
}

func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
