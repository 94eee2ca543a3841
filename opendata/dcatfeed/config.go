package dcatfeed

import (
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/gdx-exchange/gdx/opendata"
	"github.com/gdx-exchange/gdx/opendata/dcat"
)

// Config configures the DCAT feed.
type Config struct {
	// SiteURL is the public base URL of the web listener, as harvesters
	// reach it; every IRI and link is built from it.
	SiteURL string
	// PageSize is the number of datasets in one catalog page; 0 means
	// DefaultPageSize, ckanext-dcat's.
	PageSize int
	// Title and Description describe the catalog; zero values get the
	// exchange's Thai and English defaults.
	Title       dcat.Text
	Description dcat.Text
	// PublisherName names the catalog's publisher (the exchange's
	// operator) and the publisher of a package without an organisation.
	PublisherName dcat.Text
	// PollInterval is how often Run checks the store for changes; 0 means
	// DefaultPollInterval.
	PollInterval time.Duration
}

// Defaults for the zero Config fields.
const (
	DefaultPageSize     = 100
	DefaultPollInterval = time.Second
	maxPageSize         = 1000
)

var (
	defaultTitle       = dcat.Text{"th": "แคตตาล็อกข้อมูลเปิดของ gdx", "en": "gdx open data catalog"}
	defaultDescription = dcat.Text{"th": "ข้อมูลเปิดและแคตตาล็อกข้อมูลของศูนย์แลกเปลี่ยนข้อมูลภาครัฐ",
		"en": "The open data and the metadata catalog of the government data exchange."}
	defaultPublisher = dcat.Text{"th": "ศูนย์แลกเปลี่ยนข้อมูลภาครัฐ (gdx)", "en": "Government data exchange (gdx)"}
)

// Validate checks the configuration, one clear message per problem.
func (c Config) Validate() error {
	var errs []error
	if u, err := url.Parse(c.SiteURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, errors.New("dcatfeed: SiteURL must be an absolute http(s) URL"))
	}
	if c.PageSize < 0 || c.PageSize > maxPageSize {
		errs = append(errs, errors.New("dcatfeed: PageSize must be between 0 (default 100) and 1000"))
	}
	if c.PollInterval < 0 {
		errs = append(errs, errors.New("dcatfeed: PollInterval must not be negative"))
	}
	return errors.Join(errs...)
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	c.SiteURL = strings.TrimRight(c.SiteURL, "/")
	if c.PageSize == 0 {
		c.PageSize = DefaultPageSize
	}
	if c.PollInterval == 0 {
		c.PollInterval = DefaultPollInterval
	}
	if len(c.Title) == 0 {
		c.Title = defaultTitle
	}
	if len(c.Description) == 0 {
		c.Description = defaultDescription
	}
	if len(c.PublisherName) == 0 {
		c.PublisherName = defaultPublisher
	}
	return c
}

// Deps are the feed's dependencies.
type Deps struct {
	// Packages reads the materialised packages (opendata/sqlstore).
	Packages opendata.PackageReader
	// Log receives 5xx causes and refresh failures; nil discards.
	Log *slog.Logger
}
