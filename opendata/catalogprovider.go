package opendata

import (
	"context"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
)

// CatalogReader is what the catalog provider reads of catalog.Store.
type CatalogReader interface {
	// ListAgencies returns every agency ordered by code.
	ListAgencies(ctx context.Context) ([]catalog.Agency, error)
	// ListDatasets returns the datasets matching the filter ordered by id.
	ListDatasets(ctx context.Context, f catalog.DatasetFilter) ([]catalog.Dataset, error)
}

// CatalogConfig holds the addresses the catalog's packages point to.
type CatalogConfig struct {
	// WebURL is the public web listener's base URL (portal, CKAN API).
	WebURL string
	// APIURL is the agency API's base URL, where a dataset is read.
	APIURL string
	// ContactEmail is the maintainer_email of every catalog package (the
	// GD-Catalog requires one): where people ask about access.
	ContactEmail string
}

// CatalogSource is the source name of the metadata catalog's packages.
const CatalogSource = "catalog"

type catalogProvider struct {
	r   CatalogReader
	cfg CatalogConfig
}

// CatalogProvider returns the provider of the metadata catalog: one
// package per dataset the exchange knows, open or not, holding its title,
// owner, classification, fields with their PDPA flags (never data) and
// the conditions of access. A dataset's only resource describes how it is
// read through the agency API; no package carries a data download.
func CatalogProvider(r CatalogReader, cfg CatalogConfig) Provider {
	cfg.WebURL, cfg.APIURL = strings.TrimRight(cfg.WebURL, "/"), strings.TrimRight(cfg.APIURL, "/")
	return &catalogProvider{r: r, cfg: cfg}
}

// Source implements Provider.
func (p *catalogProvider) Source() string { return CatalogSource }

// Packages implements Provider.
func (p *catalogProvider) Packages(ctx context.Context) ([]Package, error) {
	agencies, err := p.r.ListAgencies(ctx)
	if err != nil {
		return nil, fmt.Errorf("list agencies: %w", err)
	}
	byCode := make(map[string]catalog.Agency, len(agencies))
	for _, a := range agencies {
		byCode[a.Code] = a
	}
	datasets, err := p.r.ListDatasets(ctx, catalog.DatasetFilter{})
	if err != nil {
		return nil, fmt.Errorf("list datasets: %w", err)
	}
	out := make([]Package, 0, len(datasets))
	for _, d := range datasets {
		out = append(out, p.packageOf(d, byCode[d.Owner]))
	}
	return out, nil
}

// AgencyOrganization returns the organisation that stands for an agency.
func AgencyOrganization(a catalog.Agency) *Organization {
	title := firstNonEmpty(a.NameTH, a.NameEN, a.Code)
	desc := strings.TrimSpace(strings.Join(nonEmpty(a.NameEN, a.Ministry), " — "))
	return NewOrganization(StableID("organization", a.Code), Slug(a.Code), title, desc)
}

func (p *catalogProvider) packageOf(d catalog.Dataset, owner catalog.Agency) Package {
	if owner.Code == "" {
		owner = catalog.Agency{Code: d.Owner, NameEN: d.Owner}
	}
	org := AgencyOrganization(owner)
	pkg := Package{
		ID: StableID("package", CatalogSource+":"+d.ID), Name: Slug(d.ID),
		Title: firstNonEmpty(d.TitleTH, d.TitleEN), Notes: notes(d),
		Maintainer: org.Title, MaintainerEmail: p.cfg.ContactEmail, OwnerOrg: org.ID, Organization: org,
		Tags:           tagsOf(d.Tags),
		Extras:         catalogExtras(d),
		Classification: string(d.Classification), ClassificationTH: d.Classification.ThaiName(),
		DataDictionary: dictionary(d.Fields),
		GDCatalog:      p.gdCatalog(d, owner),
	}
	pkg.SetLicense(d.License)
	pkg.Resources = []Resource{p.accessResource(d, pkg)}
	pkg.Normalize()
	return pkg
}

func (p *catalogProvider) gdCatalog(d catalog.Dataset, owner catalog.Agency) GDCatalog {
	unit, interval := frequency(d.UpdateFrequency)
	return GDCatalog{
		DataType: DataTypeRecord, Objective: []string{objectiveMission},
		UpdateFrequencyUnit: unit, UpdateFrequencyInterval: interval,
		GeoCoverage: GeoCountry, DataSource: firstNonEmpty(owner.NameTH, owner.NameEN, owner.Code),
		DataFormat: []string{FormatDatabase}, DataCategory: category(d),
		DataLanguage: []string{languageThai}, AllowHarvest: allowHarvestYes,
		AccessibleCondition: AccessConditions(d), DataSupport: choiceNone, DataCollect: collectUnit(d.KeyKind),
	}
}

// accessResource describes how the dataset is read: the agency API for
// the datasets the exchange serves, the package's own metadata for a
// top-secret one, which the exchange never serves.
func (p *catalogProvider) accessResource(d catalog.Dataset, pkg Package) Resource {
	r := Resource{ID: StableID("resource", CatalogSource+":"+d.ID), URLType: "", State: StateActive}
	if d.Classification == catalog.TopSecret {
		r.Name, r.Format, r.ResourceType = "คำอธิบายชุดข้อมูล (Dataset description)", "JSON", "documentation"
		r.Mimetype = "application/json"
		r.URL = p.cfg.WebURL + "/api/3/action/package_show?id=" + pkg.Name
		r.Description = "Metadata only: this dataset is never exchanged through gdx."
		return r
	}
	r.Name, r.Format, r.ResourceType = "API ของ gdx (gdx agency API)", "API", "api"
	r.Mimetype = "application/json"
	r.URL = p.cfg.APIURL + "/v1/datasets/" + d.ID + "/records/"
	r.Description = fmt.Sprintf("Read one record with GET %s/v1/datasets/%s/records/{%s}?fields=…, "+
		"over mutual TLS with a signed request JWT. %s", p.cfg.APIURL, d.ID, d.KeyKind, AccessConditions(d))
	return r
}

// notes is the dataset's description; the GD-Catalog requires one, so a
// dataset without a description gets its titles and classification.
func notes(d catalog.Dataset) string {
	if n := strings.Join(nonEmpty(d.DescriptionTH, d.DescriptionEN), "\n\n"); n != "" {
		return n
	}
	return strings.Join(nonEmpty(d.TitleTH, d.TitleEN), " — ") + fmt.Sprintf(" (%s, %s)", d.Classification.ThaiName(), d.Classification)
}

// collectUnit is the GD-Catalog's smallest unit of collection
// (data_collect) for the kind of key that names a record.
func collectUnit(k catalog.KeyKind) string {
	switch k {
	case catalog.KeyCitizenID:
		return "บุคคล"
	case catalog.KeyJuristicID:
		return "บริษัท/ห้างร้าน/สถานประกอบการ"
	case catalog.KeyHouseID:
		return "บ้าน/ที่อยู่อาศัย"
	}
	return choiceUnknown
}

func catalogExtras(d catalog.Dataset) []Extra {
	ex := []Extra{
		{Key: "gdx_dataset_id", Value: d.ID},
		{Key: "classification", Value: string(d.Classification)},
		{Key: "key_kind", Value: string(d.KeyKind)},
		{Key: "required_ial", Value: string(d.IAL)},
		{Key: "required_aal", Value: string(d.AAL)},
	}
	if d.TitleEN != "" {
		ex = append(ex, Extra{Key: "title_en", Value: d.TitleEN})
	}
	return ex
}

func tagsOf(names []string) []Tag {
	tags := make([]Tag, 0, len(names))
	for _, n := range names {
		tags = append(tags, NewTag(n))
	}
	return tags
}

func dictionary(fields []catalog.Field) []DictionaryField {
	out := make([]DictionaryField, len(fields))
	for i, f := range fields {
		out[i] = DictionaryField{Name: f.Name, TitleTH: f.TitleTH, TitleEN: f.TitleEN, Type: string(f.Type),
			Personal: f.Personal, Sensitive: f.Sensitive, Identifier: f.Identifier}
	}
	return out
}

// category maps a dataset to its GD-Catalog data category: personal data
// first (PDPA), then public, and every other level is official secret.
func category(d catalog.Dataset) string {
	for _, f := range d.Fields {
		if f.Personal {
			return CategoryPersonal
		}
	}
	if d.Classification == catalog.Public {
		return CategoryPublic
	}
	return CategorySecret
}

// frequency maps the catalog's update frequency to the GD-Catalog unit
// and interval.
func frequency(f string) (unit, interval string) {
	switch strings.ToLower(f) {
	case "realtime", "real-time":
		return FrequencyRealtime, ""
	case "hourly":
		return FrequencyHour, "1"
	case "daily":
		return FrequencyDay, "1"
	case "weekly":
		return FrequencyWeek, "1"
	case "monthly":
		return FrequencyMonth, "1"
	case "quarterly":
		return FrequencyQuarter, "1"
	case "yearly", "annually":
		return FrequencyYear, "1"
	case "never", "static":
		return FrequencyNever, ""
	}
	return FrequencyUnknown, ""
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}
