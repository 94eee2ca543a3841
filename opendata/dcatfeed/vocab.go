package dcatfeed

import (
	"mime"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

// The EU Publications Office authority tables DCAT-AP draws its values
// from.
const (
	frequencyBase = "http://publications.europa.eu/resource/authority/frequency/"
	languageBase  = "http://publications.europa.eu/resource/authority/language/"
	themeBase     = "http://publications.europa.eu/resource/authority/data-theme/"
)

// accessRights maps a package to the EU access-right vocabulary. The
// classification decides when the package has one: public data is
// PUBLIC; the levels an agency may read under a grant are RESTRICTED;
// top secret, never exchanged, is NON_PUBLIC. A package without one (a
// licence database, the statistics) goes by its GD-Catalog data category.
func accessRights(p opendata.Package) string {
	switch catalog.Classification(p.Classification) {
	case catalog.Public:
		return dcat.AccessPublic
	case catalog.Internal, catalog.Confidential, catalog.Secret:
		return dcat.AccessRestrict
	case catalog.TopSecret:
		return dcat.AccessNone
	}
	switch p.DataCategory {
	case opendata.CategoryPublic:
		return dcat.AccessPublic
	case opendata.CategorySecurity:
		return dcat.AccessNone
	case opendata.CategoryPersonal, opendata.CategorySecret:
		return dcat.AccessRestrict
	}
	if p.IsOpen {
		return dcat.AccessPublic
	}
	return dcat.AccessRestrict
}

// frequencies maps a GD-Catalog update frequency unit, and the interval
// in that unit, to the EU frequency vocabulary; "" is any interval the
// table does not name.
var frequencies = map[string]map[string]string{
	opendata.FrequencyYear:     {"1": "ANNUAL", "2": "BIENNIAL", "3": "TRIENNIAL", "4": "QUADRENNIAL", "5": "QUINQUENNIAL", "10": "DECENNIAL", "": "IRREG"},
	opendata.FrequencyHalfYear: {"1": "ANNUAL_2", "2": "ANNUAL", "": "IRREG"},
	opendata.FrequencyQuarter:  {"1": "QUARTERLY", "2": "ANNUAL_2", "4": "ANNUAL", "": "IRREG"},
	opendata.FrequencyMonth:    {"1": "MONTHLY", "2": "BIMONTHLY", "3": "QUARTERLY", "6": "ANNUAL_2", "12": "ANNUAL", "": "IRREG"},
	opendata.FrequencyWeek:     {"1": "WEEKLY", "2": "BIWEEKLY", "": "IRREG"},
	opendata.FrequencyDay:      {"1": "DAILY", "7": "WEEKLY", "": "IRREG"},
	opendata.FrequencyWorkday:  {"1": "DAILY", "": "IRREG"},
	opendata.FrequencyHour:     {"1": "HOURLY", "2": "BIHOURLY", "3": "TRIHOURLY", "12": "12HRS", "24": "DAILY", "": "IRREG"},
	opendata.FrequencyMinute:   {"1": "1MIN", "5": "5MIN", "10": "10MIN", "15": "15MIN", "30": "30MIN", "60": "HOURLY", "": "CONT"},
	opendata.FrequencyRealtime: {"": "UPDATE_CONT"},
	opendata.FrequencyNever:    {"": "NEVER"},
	opendata.FrequencyUnknown:  {"": "UNKNOWN"},
	opendata.FrequencyOther:    {"": "OTHER"},
}

// frequency is the EU frequency IRI of a GD-Catalog unit and interval
// ("" when the package states no unit). A unit without an interval means
// every one of that unit.
func frequency(unit, interval string) string {
	byInterval, ok := frequencies[unit]
	if !ok {
		return ""
	}
	interval = strings.TrimSpace(interval)
	if n, err := strconv.Atoi(interval); err == nil {
		interval = strconv.Itoa(n)
	} else if interval == "" {
		interval = "1"
	}
	code, ok := byInterval[interval]
	if !ok {
		code = byInterval[""]
	}
	return frequencyBase + code
}

// languages maps the GD-Catalog's data_language choices to ISO 639-2/B
// codes of the EU language authority; "ไม่ทราบ" (unknown) and "อื่นๆ"
// (other) have none.
var languages = map[string]string{
	"ไทย": "THA", "อังกฤษ": "ENG", "จีน": "ZHO", "มลายู": "MSA", "พม่า": "MYA", "ลาว": "LAO",
	"เขมร": "KHM", "ญี่ปุ่น": "JPN", "เกาหลี": "KOR", "ฝรั่งเศส": "FRA", "เยอรมัน": "DEU", "อารบิก": "ARA",
}

func languageIRIs(choices []string) []string {
	var out []string
	for _, c := range choices {
		if code, ok := languages[c]; ok {
			out = append(out, languageBase+code)
		}
	}
	return out
}

// spatial is the package's dct:spatial: Thailand for every coverage
// inside the country; none for the world, none and unknown.
func spatial(geo string) []string {
	switch geo {
	case opendata.GeoCountry, opendata.GeoRegion, opendata.GeoProvince, opendata.GeoDistrict,
		opendata.GeoSubdistrict, opendata.GeoVillage, opendata.GeoMunicipality, opendata.GeoCoordinates:
		return []string{dcat.CountryTH}
	}
	return nil
}

// themes maps the GD-Catalog data category to the EU data-theme
// vocabulary: public-sector information is government, personal data is
// population and society, security data is justice and public safety.
var themes = map[string]dcat.Concept{
	opendata.CategoryPublic:   dcat.ThemeGovernment,
	opendata.CategorySecret:   dcat.ThemeGovernment,
	opendata.CategoryPersonal: {IRI: themeBase + "SOCI", Label: dcat.Text{"en": "Population and society", "th": "ประชากรและสังคม"}},
	opendata.CategorySecurity: {IRI: themeBase + "JUST", Label: dcat.Text{"en": "Justice, legal system and public safety", "th": "ยุติธรรม ระบบกฎหมาย และความปลอดภัยสาธารณะ"}},
}

// fileTypes maps a CKAN resource format to its code in the EU file-type
// authority. Formats it lacks (Arrow IPC, an API) get no dct:format; their
// media type still says what they are.
var fileTypes = map[string]string{
	"CSV": "CSV", "JSON": "JSON", "XML": "XML", "XLS": "XLS", "XLSX": "XLSX", "PDF": "PDF", "HTML": "HTML",
	"PARQUET": "PARQUET", "ZIP": "ZIP", "GEOJSON": "GEOJSON", "SHP": "SHP", "TXT": "TXT", "ODS": "ODS",
	"RDF": "RDF_XML", "TTL": "RDF_TURTLE", "JSON-LD": "JSON_LD", "JSONLD": "JSON_LD", "KML": "KML", "GML": "GML",
}

func fileType(format string) string { return fileTypes[strings.ToUpper(strings.TrimSpace(format))] }

// mediaType is the resource's mimetype when it is a well-formed IANA
// type/subtype, without parameters.
func mediaType(mimetype string) string {
	mt, _, err := mime.ParseMediaType(mimetype)
	if err != nil || !strings.Contains(mt, "/") {
		return ""
	}
	return mt
}

// text puts s under its language: Thai when it holds a Thai letter,
// English otherwise. An empty s is an empty Text.
func text(s string) dcat.Text {
	s = strings.TrimSpace(s)
	if s == "" {
		return dcat.Text{}
	}
	for _, r := range s {
		if r >= 0x0E00 && r <= 0x0E7F {
			return dcat.Text{"th": s}
		}
	}
	return dcat.Text{"en": s}
}
