package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// generated builds n datasets shaped like the licence and statistics
// catalog: Thai titles (licence type, province, year) with some English,
// a few exact fields and two dates.
func generated(n int) []Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []string{"ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร", "ใบอนุญาตก่อสร้างอาคาร", "ใบอนุญาตประกอบกิจการโรงงาน",
		"ใบอนุญาตประกอบธุรกิจโรงแรม", "ใบอนุญาตขายยาแผนปัจจุบัน", "สถิติจำนวนคำขอต่อเดือน", "ทะเบียนนิติบุคคล",
		"ใบอนุญาตสถานบริการ", "ข้อมูลร้านค้าปลีก", "ใบอนุญาตสะสมอาหาร"}
	english := []string{"Food shop licences", "Building permits", "Factory licences", "Hotel licences",
		"Pharmacy licences", "Exchange request statistics", "Juristic persons register"}
	notes := []string{"รายชื่อผู้ได้รับใบอนุญาตที่ยังมีผลบังคับใช้ พร้อมที่ตั้งและวันหมดอายุ",
		"ข้อมูลเปิดเผยตามมติคณะรัฐมนตรี ปรับปรุงรายเดือน", "Licences in force with location and expiry date.",
		"Monthly volumes by consumer agency, owner agency and dataset."}
	provs := strings.Fields(strings.ReplaceAll(wordsTxt[strings.Index(wordsTxt, "# Provinces"):strings.Index(wordsTxt, "# Place words")], "=", ""))[4:]
	orgs := []string{"dla", "dopa", "fda", "diw", "dbd", "tat", "moph", "bma", "pcd", "dol"}
	formats := []string{"CSV", "JSON", "XLSX", "PDF", "Parquet"}
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := make([]Doc, n)
	for i := range docs {
		prov := provs[rng.IntN(len(provs))]
		title := fmt.Sprintf("%sจังหวัด%s ปี %d", kinds[rng.IntN(len(kinds))], prov, 2560+rng.IntN(8))
		if rng.IntN(4) == 0 {
			title = fmt.Sprintf("%s %s %d", english[rng.IntN(len(english))], prov, 2017+rng.IntN(8))
		}
		docs[i] = Doc{
			ID: fmt.Sprintf("%08x-%04d", rng.Uint32(), i), Name: fmt.Sprintf("dataset-%d", i),
			Title: title, Notes: notes[rng.IntN(len(notes))],
			Text: []string{prov, orgs[i%len(orgs)]},
			Fields: map[string][]string{
				"organization": {orgs[rng.IntN(len(orgs))]},
				"res_format":   {formats[rng.IntN(len(formats))], formats[rng.IntN(len(formats))]},
				"tags":         {prov, kinds[rng.IntN(len(kinds))][:9]},
				"license_id":   {[]string{"cc-by", "OGL-TH", "cc-zero"}[rng.IntN(3)]},
				"state":        {"active"},
			},
			Dates: map[string]time.Time{
				"metadata_created":  base.Add(time.Duration(rng.IntN(1500*24)) * time.Hour),
				"metadata_modified": base.Add(time.Duration(rng.IntN(1800*24)) * time.Hour),
			},
		}
	}
	return docs
}

func BenchmarkNewIndex(b *testing.B) {
	docs := generated(10_000)
	dictionary()
	b.ResetTimer()
	for b.Loop() {
		NewIndex(docs)
	}
}

// benchQueries are package_search requests as the portal and harvesters
// send them.
var benchQueries = []struct {
	name string
	q    Query
}{
	{"thai_q_fq_facets", Query{Q: "อาหาร เชียงใหม่", FQ: []string{"+state:active", "organization:dla OR organization:dopa"},
		Rows: 20, FacetFields: []string{"organization", "res_format", "tags", "license_id"}, FacetLimit: 50, FacetMinCount: 1}},
	{"thai_substring", Query{Q: "อาหาร", FQ: []string{"+state:active"}, Rows: 10,
		FacetFields: []string{"organization", "res_format"}, FacetLimit: 50, FacetMinCount: 1}},
	{"thai_common_words", Query{Q: "ใบอนุญาต จังหวัด ปี", Rows: 10,
		FacetFields: []string{"organization", "res_format"}, FacetLimit: 50, FacetMinCount: 1}},
	{"thai_long_title", Query{Q: "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหารจังหวัดเชียงใหม่ ปี 2565", Rows: 10,
		FacetFields: []string{"organization"}, FacetLimit: 50, FacetMinCount: 1}},
	{"english_q_facets", Query{Q: "food shop licences", FQ: []string{"+state:active res_format:CSV"}, Rows: 10,
		FacetFields: []string{"organization", "res_format", "tags"}, FacetLimit: 50, FacetMinCount: 1}},
	{"fielded_range", Query{Q: "title:ใบอนุญาต AND metadata_modified:[NOW-1YEAR TO NOW]", Rows: 10,
		FacetFields: []string{"organization"}, FacetLimit: 50, FacetMinCount: 1}},
	{"harvester_page", Query{Q: "*:*", FQ: []string{"+state:active", "metadata_modified:[2023-01-01T00:00:00Z TO *]"},
		Sort: "id asc", Start: 2000, Rows: 100}},
	{"all_facets_default_sort", Query{Rows: 10, FacetFields: []string{"organization", "res_format", "tags", "license_id"},
		FacetLimit: 50, FacetMinCount: 1}},
}

func BenchmarkSearch(b *testing.B) {
	ix := NewIndex(generated(10_000))
	now := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, bq := range benchQueries {
		b.Run(bq.name, func(b *testing.B) {
			res, err := ix.Search(bq.q, now)
			if err != nil {
				b.Fatal(err)
			}
			if res.Count == 0 {
				b.Fatalf("%s matches nothing", bq.name)
			}
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := ix.Search(bq.q, now); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(res.Count), "hits")
		})
	}
}
