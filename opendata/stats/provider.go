package stats

import (
	"context"
	"fmt"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata"
)

// ProviderSource names the statistics' package in the open-data store.
const ProviderSource = "statistics"

// PackageName is the name of the exchange statistics' package.
const PackageName = "gdx-exchange-statistics"

// Provider publishes the exchange's own statistics as one package owned by
// the central office, with the three tables in every format.
type Provider struct {
	Stats  Published
	Owner  catalog.Agency // the central office that runs the exchange
	WebURL string
}

// Source implements opendata.Provider.
func (p Provider) Source() string { return ProviderSource }

var tableText = map[string][2]string{
	TableVolumes: {"ปริมาณคำขอรายเดือน / Monthly request volumes", "by consumer agency, owner agency, dataset and outcome"},
	TableReasons: {"ผลการตัดสินตามเหตุผล / Decisions by reason", "denials and failures by outcome and reason code"},
	TableLatency: {"เวลาตอบสนอง / Latency percentiles", "p50, p90 and p99 per month and dataset"},
}

// Packages implements opendata.Provider.
func (p Provider) Packages(ctx context.Context) ([]opendata.Package, error) {
	at, err := p.Stats.Refreshed(ctx)
	if err != nil {
		return nil, fmt.Errorf("statistics refreshed: %w", err)
	}
	org := opendata.AgencyOrganization(p.Owner)
	pkg := opendata.Package{
		ID: opendata.StableID("package", ProviderSource), Name: PackageName,
		Title: "สถิติการแลกเปลี่ยนข้อมูลภาครัฐ (Government data exchange statistics)",
		Notes: "สถิติการใช้งานศูนย์แลกเปลี่ยนข้อมูลภาครัฐ คำนวณจากบันทึกการตรวจสอบ ไม่มีข้อมูลที่ระบุตัวเจ้าหน้าที่หรือระเบียน\n\n" +
			"Statistics of the exchange computed from its audit trail: monthly volumes, decisions by reason and " +
			"latency. Nothing identifies an officer or a record.",
		Maintainer: org.Title, MaintainerEmail: "opendata@" + opendata.Slug(p.Owner.Code) + ".go.th",
		OwnerOrg: org.ID, Organization: org,
		Tags:      []opendata.Tag{opendata.NewTag("สถิติ"), opendata.NewTag("statistics"), opendata.NewTag("open-data")},
		GDCatalog: opendata.OpenGDCatalog(p.Owner.NameTH, opendata.DataTypeStatistics, opendata.FrequencyDay, "1", opendata.GeoCountry, false),
	}
	pkg.SetLicense("cc-by")
	for _, name := range TableNames {
		n, err := p.Stats.Rows(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("statistics rows of %s: %w", name, err)
		}
		text := tableText[name]
		tbl, _ := PublishedTable(p.Stats, name)
		pkg.Resources = append(pkg.Resources, opendata.TableResources(p.WebURL, PackageName, opendata.Table{
			Name: name, Title: text[0], Description: text[1], Rows: n, Modified: opendata.At(at),
			Fields: opendata.SchemaOf(tbl.Schema()),
		})...)
	}
	pkg.Normalize()
	return []opendata.Package{pkg}, nil
}
