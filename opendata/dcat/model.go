package dcat

import (
	"strconv"
	"time"
)

// Text is a string in one or more languages, keyed by BCP 47 tag ("th",
// "en"). Every value is written with its language tag.
type Text map[string]string

// Agent is a publisher: an organisation with a name.
type Agent struct {
	IRI  string
	Name Text
	// Type is a concept of the ADMS publisher-type vocabulary, for example
	// PublisherNational.
	Type Concept
}

// Concept is a term of a controlled vocabulary (skos:Concept), with the
// label DCAT-AP requires of it.
type Concept struct {
	IRI   string
	Label Text
}

// Contact is a dataset's point of contact (vcard:Kind).
type Contact struct {
	Name  string
	Email string // without "mailto:"
	URL   string
}

// Period is a temporal coverage; either end may be zero (open).
type Period struct {
	Start, End time.Time
}

// Distribution is one way to get a dataset: a file to download or an
// API to call.
type Distribution struct {
	IRI         string
	Title       Text
	Description Text
	AccessURL   string // mandatory: a page or endpoint giving access
	DownloadURL string // the file itself, when there is one
	MediaType   string // IANA media type, e.g. "text/csv"
	Format      string // EU file-type authority code, e.g. "CSV", "PARQUET"
	License     string // IRI of the licence document
	ByteSize    int64  // 0 when not known
	Modified    time.Time
	Rows        int64 // 0 when not known; written as a description note
}

// Dataset is one dataset of the catalog.
type Dataset struct {
	IRI           string
	Identifier    string
	Title         Text
	Description   Text
	Keywords      []Text
	Themes        []Concept // of the EU data-theme vocabulary
	Publisher     Agent
	Contact       Contact
	LandingPage   string
	AccessRights  string // IRI of the EU access-right vocabulary (PUBLIC, RESTRICTED, NON_PUBLIC)
	Issued        time.Time
	Modified      time.Time
	Spatial       []string // IRIs of places (e.g. the EU country authority TH)
	Temporal      *Period
	Frequency     string // IRI of the EU frequency vocabulary
	Languages     []string
	Distributions []Distribution
}

// Page is one page of a paged catalog (Hydra).
type Page struct {
	URL, First, Next, Previous, Last string
	TotalItems                       int
	ItemsPerPage                     int
}

// Catalog is the description of the portal and (a page of) its datasets.
type Catalog struct {
	IRI         string
	Title       Text
	Description Text
	Publisher   Agent
	Homepage    string
	Languages   []string // IRIs of the EU language authority
	License     string
	Modified    time.Time
	Datasets    []Dataset
	Page        *Page
}

// EU vocabularies the values above usually come from.
const (
	LanguageTH     = "http://publications.europa.eu/resource/authority/language/THA"
	LanguageEN     = "http://publications.europa.eu/resource/authority/language/ENG"
	CountryTH      = "http://publications.europa.eu/resource/authority/country/THA"
	AccessPublic   = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
	AccessRestrict = "http://publications.europa.eu/resource/authority/access-right/RESTRICTED"
	AccessNone     = "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC"
	FileType       = "http://publications.europa.eu/resource/authority/file-type/"
	IANAMediaType  = "http://www.iana.org/assignments/media-types/"
)

// Concepts gdx uses, with their labels.
var (
	PublisherNational = Concept{IRI: "http://purl.org/adms/publishertype/NationalAuthority", Label: Text{"en": "National authority", "th": "หน่วยงานระดับชาติ"}}
	ThemeGovernment   = Concept{IRI: "http://publications.europa.eu/resource/authority/data-theme/GOVE", Label: Text{"en": "Government and public sector", "th": "รัฐบาลและภาครัฐ"}}
	ThemeEconomy      = Concept{IRI: "http://publications.europa.eu/resource/authority/data-theme/ECON", Label: Text{"en": "Economy and finance", "th": "เศรษฐกิจและการเงิน"}}
)

func dateTime(t time.Time) term {
	return typed(t.UTC().Format(time.RFC3339), "xsd:dateTime")
}

func date(t time.Time) term {
	return typed(t.UTC().Format(time.DateOnly), "xsd:date")
}

func nonNegative(n int64) term {
	return typed(strconv.FormatInt(n, 10), "xsd:nonNegativeInteger")
}
