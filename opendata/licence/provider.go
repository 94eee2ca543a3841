package licence

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata"
)

// ProviderSource names the licence databases' packages in the open-data
// store.
const ProviderSource = "licences"

// TableName is the licence table's name in its package (downloads,
// DataStore).
const TableName = "licences"

// Agencies names the issuing agencies; catalog.Store satisfies it.
type Agencies interface {
	ListAgencies(ctx context.Context) ([]catalog.Agency, error)
}

// Provider publishes one open-data package per issuing agency that has
// licences: its licence database, downloadable in every format and
// searchable through the DataStore, as the 2023 cabinet resolution asks
// (seed README, item 5).
type Provider struct {
	Store    Store
	Agencies Agencies
	WebURL   string // the portal, for absolute resource URLs
}

// PackageName is the package of an issuer's licence database.
func PackageName(issuer string) string { return opendata.Slug(issuer) + "-licences" }

// Source implements opendata.Provider.
func (p Provider) Source() string { return ProviderSource }

// Packages implements opendata.Provider.
func (p Provider) Packages(ctx context.Context) ([]opendata.Package, error) {
	issuers, err := p.Store.Issuers(ctx)
	if err != nil {
		return nil, fmt.Errorf("licence issuers: %w", err)
	}
	agencies, err := p.Agencies.ListAgencies(ctx)
	if err != nil {
		return nil, fmt.Errorf("agencies: %w", err)
	}
	byCode := map[string]catalog.Agency{}
	for _, a := range agencies {
		byCode[a.Code] = a
	}
	var out []opendata.Package
	for _, s := range issuers {
		if s.Count == 0 {
			continue
		}
		a, ok := byCode[s.Issuer]
		if !ok {
			a = catalog.Agency{Code: s.Issuer, NameEN: s.Issuer}
		}
		out = append(out, p.packageOf(a, s))
	}
	return out, nil
}

func (p Provider) packageOf(a catalog.Agency, s IssuerSummary) opendata.Package {
	org := opendata.AgencyOrganization(a)
	name := PackageName(a.Code)
	thai := a.NameTH
	if thai == "" {
		thai = a.Code
	}
	pkg := opendata.Package{
		ID: opendata.StableID("package", ProviderSource+":"+a.Code), Name: name,
		Title: fmt.Sprintf("ฐานข้อมูลใบอนุญาต %s (%s licence database)", thai, a.Code),
		Notes: "ใบอนุญาตที่ผู้รับใบอนุญาตต้องแสดงไว้ ณ สถานประกอบการ ซึ่ง" + thai +
			" เป็นผู้ออก พร้อมสถานะปัจจุบัน ตามมติคณะรัฐมนตรี พ.ศ. 2566 ข้อ 5\n\n" +
			"The licences issued by " + a.Code + " that licensees must display, with their status, " +
			"published under the 2023 cabinet resolution (item 5). Where the licensee is a natural person " +
			"(a sole trader), the name and citizen id are withheld.",
		Maintainer: org.Title, MaintainerEmail: "opendata@" + opendata.Slug(a.Code) + ".go.th",
		OwnerOrg: org.ID, Organization: org,
		Tags:      []opendata.Tag{opendata.NewTag("ใบอนุญาต"), opendata.NewTag("licence"), opendata.NewTag("open-data")},
		GDCatalog: opendata.OpenGDCatalog(thai, opendata.DataTypeRecord, opendata.FrequencyDay, "1", opendata.GeoSubdistrict, true),
	}
	pkg.SetLicense("cc-by")
	pkg.Resources = opendata.TableResources(p.WebURL, name, opendata.Table{
		Name: TableName, Title: "ใบอนุญาต / Licences", Rows: s.Count, Modified: opendata.At(s.Modified),
		Fields:      opendata.SchemaOf(TableSchema),
		Description: "เลขที่ ประเภท ผู้ออก สถานประกอบการ ที่ตั้ง วันที่ออกและหมดอายุ และสถานะ / number, type, issuer, business, location, dates and status",
	})
	pkg.Normalize()
	return pkg
}
