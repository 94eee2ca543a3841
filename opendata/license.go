package opendata

// License is a CKAN licence dict (license_list, and the licence fields of
// a package).
type License struct {
	ID             string `json:"id"`
	Title          string `json:"title"`
	URL            string `json:"url"`
	Status         string `json:"status"`
	Maintainer     string `json:"maintainer"`
	Family         string `json:"family"`
	DomainContent  bool   `json:"domain_content"`
	DomainData     bool   `json:"domain_data"`
	DomainSoftware bool   `json:"domain_software"`
	ODConformance  string `json:"od_conformance"`
	OSDConformance string `json:"osd_conformance"`
	IsGeneric      bool   `json:"is_generic"`
	IsOKDCompliant bool   `json:"is_okd_compliant"`
	IsOSICompliant bool   `json:"is_osi_compliant"`
}

// Licenses returns the licence register: the GD-Catalog licence choices,
// whose ids are their titles as that schema has it.
func Licenses() []License {
	open := func(id, url string) License {
		return License{ID: id, Title: id, URL: url, Status: "active", DomainContent: true, DomainData: true,
			ODConformance: "approved", OSDConformance: "not reviewed", IsOKDCompliant: true}
	}
	closed := func(id, url string) License {
		return License{ID: id, Title: id, URL: url, Status: "active", DomainContent: true, DomainData: true,
			ODConformance: "not reviewed", OSDConformance: "not reviewed"}
	}
	return []License{
		closed(LicenseNotSpecified, ""),
		open(LicenseCCBY, "https://creativecommons.org/licenses/by/4.0/"),
		open(LicenseCCBYSA, "https://creativecommons.org/licenses/by-sa/4.0/"),
		closed(LicenseCCNC, "https://creativecommons.org/licenses/by-nc/4.0/"),
		open(LicenseODC, "https://opendatacommons.org/licenses/by/"),
		open(LicenseGFDL, "https://www.gnu.org/licenses/fdl-1.3.html"),
		{ID: LicenseOther, Title: LicenseOther, Status: "active", DomainContent: true, DomainData: true,
			ODConformance: "not reviewed", OSDConformance: "not reviewed", IsGeneric: true},
	}
}

// licenseAliases maps the catalog's licence codes to GD-Catalog ids.
var licenseAliases = map[string]string{
	"":             LicenseNotSpecified,
	"cc-by":        LicenseCCBY,
	"cc-by-4.0":    LicenseCCBY,
	"cc-by-sa":     LicenseCCBYSA,
	"cc-by-sa-4.0": LicenseCCBYSA,
	"cc-nc":        LicenseCCNC,
	"cc-by-nc-4.0": LicenseCCNC,
	"odc-by":       LicenseODC,
	"gfdl":         LicenseGFDL,
}

// LicenseFor returns the register's licence for a GD-Catalog id or a
// catalog licence code; an unknown code gives the generic "other" licence.
func LicenseFor(code string) License {
	if id, ok := licenseAliases[code]; ok {
		code = id
	}
	for _, l := range Licenses() {
		if l.ID == code {
			return l
		}
	}
	other := Licenses()[len(Licenses())-1]
	return other
}

// SetLicense fills the package's licence fields from the register.
func (p *Package) SetLicense(code string) {
	l := LicenseFor(code)
	p.LicenseID, p.LicenseTitle, p.LicenseURL, p.IsOpen = l.ID, l.Title, l.URL, l.IsOKDCompliant
}
