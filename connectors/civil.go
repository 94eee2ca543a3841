package connectors

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// Paths of the civil registry's services (DOPA Linkage Center).
const (
	personPath = "/linkage/v1/population/"
	housePath  = "/linkage/v1/house/"
)

// dopaAddress holds the Linkage Center's address fields.
type dopaAddress struct {
	HouseID         digits `json:"houseID"`
	HouseNo         string `json:"houseNo"`
	VillageNo       int    `json:"villageNo"`
	AlleyDesc       string `json:"alleyDesc"`
	RoadDesc        string `json:"roadDesc"`
	SubdistrictDesc string `json:"subdistrictDesc"`
	DistrictDesc    string `json:"districtDesc"`
	ProvinceDesc    string `json:"provinceDesc"`
	Postcode        string `json:"postcode"`
}

// record maps the address to the catalog's address object.
func (a dopaAddress) record() (map[string]any, error) {
	return address{
		houseNo: a.HouseNo, villageNo: villageNo(a.VillageNo), alley: a.AlleyDesc, road: a.RoadDesc,
		subdistrict: a.SubdistrictDesc, district: a.DistrictDesc, province: a.ProvinceDesc, postcode: a.Postcode,
	}.record()
}

// dopaPerson is the Linkage Center's person record, as far as gdx reads it.
type dopaPerson struct {
	PersonalID         digits `json:"personalID"`
	TitleDesc          string `json:"titleDesc"`
	FirstName          string `json:"firstName"`
	MiddleName         string `json:"middleName"`
	LastName           string `json:"lastName"`
	EnglishFirstName   string `json:"englishFirstName"`
	EnglishMiddleName  string `json:"englishMiddleName"`
	EnglishLastName    string `json:"englishLastName"`
	DateOfBirth        int64  `json:"dateOfBirth"`
	GenderDesc         string `json:"genderDesc"`
	NationalityDesc    string `json:"nationalityDesc"`
	ReligionDesc       string `json:"religionDesc"`
	StatusOfPersonDesc string `json:"statusOfPersonDesc"`
	DateOfDeath        int64  `json:"dateOfDeath"`
	dopaAddress
}

// addressFields reads a dopaAddress as encoding/json reads it (the names
// of its json tags, in its order).
var addressFields = jsontext.Fields[dopaAddress]{
	digitsField("houseID", func(a *dopaAddress) *digits { return &a.HouseID }),
	jsontext.StringField("houseNo", func(a *dopaAddress) *string { return &a.HouseNo }),
	jsontext.IntField("villageNo", func(a *dopaAddress) *int { return &a.VillageNo }),
	jsontext.StringField("alleyDesc", func(a *dopaAddress) *string { return &a.AlleyDesc }),
	jsontext.StringField("roadDesc", func(a *dopaAddress) *string { return &a.RoadDesc }),
	jsontext.StringField("subdistrictDesc", func(a *dopaAddress) *string { return &a.SubdistrictDesc }),
	jsontext.StringField("districtDesc", func(a *dopaAddress) *string { return &a.DistrictDesc }),
	jsontext.StringField("provinceDesc", func(a *dopaAddress) *string { return &a.ProvinceDesc }),
	jsontext.StringField("postcode", func(a *dopaAddress) *string { return &a.Postcode }),
}

// personFields reads a dopaPerson as encoding/json reads it, the embedded
// address's fields promoted.
var personFields = append(jsontext.Fields[dopaPerson]{
	digitsField("personalID", func(p *dopaPerson) *digits { return &p.PersonalID }),
	jsontext.StringField("titleDesc", func(p *dopaPerson) *string { return &p.TitleDesc }),
	jsontext.StringField("firstName", func(p *dopaPerson) *string { return &p.FirstName }),
	jsontext.StringField("middleName", func(p *dopaPerson) *string { return &p.MiddleName }),
	jsontext.StringField("lastName", func(p *dopaPerson) *string { return &p.LastName }),
	jsontext.StringField("englishFirstName", func(p *dopaPerson) *string { return &p.EnglishFirstName }),
	jsontext.StringField("englishMiddleName", func(p *dopaPerson) *string { return &p.EnglishMiddleName }),
	jsontext.StringField("englishLastName", func(p *dopaPerson) *string { return &p.EnglishLastName }),
	jsontext.Int64Field("dateOfBirth", func(p *dopaPerson) *int64 { return &p.DateOfBirth }),
	jsontext.StringField("genderDesc", func(p *dopaPerson) *string { return &p.GenderDesc }),
	jsontext.StringField("nationalityDesc", func(p *dopaPerson) *string { return &p.NationalityDesc }),
	jsontext.StringField("religionDesc", func(p *dopaPerson) *string { return &p.ReligionDesc }),
	jsontext.StringField("statusOfPersonDesc", func(p *dopaPerson) *string { return &p.StatusOfPersonDesc }),
	jsontext.Int64Field("dateOfDeath", func(p *dopaPerson) *int64 { return &p.DateOfDeath }),
}, jsontext.Embed(addressFields, func(p *dopaPerson) *dopaAddress { return &p.dopaAddress })...)

// dopaError is the Linkage Center's error body.
type dopaError struct {
	Code    *int   `json:"Code"`
	Message string `json:"Message"`
}

// decodePerson maps a person answer for key to a dopa.person record.
func decodePerson(a answer, key string) (Record, error) {
	const what = "the civil registry"
	if a.status != http.StatusOK {
		return nil, dopaStatus(what, a, key)
	}
	var p dopaPerson
	if err := decodeObject(a.body, personFields, &p); err != nil {
		return nil, errBadBody(what, err)
	}
	rec, err := p.record(key)
	if err != nil {
		return nil, errBadBody(what, err)
	}
	return rec, nil
}

// record validates the person and maps it to catalog field names.
func (p dopaPerson) record(key string) (Record, error) {
	if string(p.PersonalID) != key {
		return nil, errors.New("the answer is for another personal id than the one asked for")
	}
	if err := required("titleDesc", p.TitleDesc, "firstName", p.FirstName, "lastName", p.LastName); err != nil {
		return nil, err
	}
	birth, err := beDate(p.DateOfBirth)
	if err != nil || birth == "" {
		return nil, fmt.Errorf("dateOfBirth: %v", orMissing(err))
	}
	death, err := beDate(p.DateOfDeath)
	if err != nil {
		return nil, fmt.Errorf("dateOfDeath: %w", err)
	}
	sex, err := sexCode(p.GenderDesc)
	if err != nil {
		return nil, err
	}
	status, err := personStatus(p.StatusOfPersonDesc, death != "")
	if err != nil {
		return nil, err
	}
	addr, err := p.dopaAddress.record()
	if err != nil {
		return nil, err
	}
	return Record{
		"citizen_id": key, "title": p.TitleDesc,
		"first_name_th": joinName(p.FirstName, p.MiddleName), "last_name_th": p.LastName,
		"first_name_en": joinName(p.EnglishFirstName, p.EnglishMiddleName), "last_name_en": p.EnglishLastName,
		"birth_date": birth, "sex": sex, "nationality": p.NationalityDesc, "religion": p.ReligionDesc,
		"status": status, "death_date": orNil(death), "address": addr, "house_id": orNil(p.HouseID.padded(11)),
	}, nil
}

// dopaStatus maps a non-200 Linkage Center answer: 404 with the registry's
// error body is not found; anything else is the upstream's error.
func dopaStatus(what string, a answer, key string) error {
	var e dopaError
	if a.status == http.StatusNotFound && unmarshal(a.body, &e) == nil && e.Code != nil {
		return errNotFound(what, key)
	}
	return errStatus(what, a.status, a.body)
}

// sexCode maps genderDesc to male or female.
func sexCode(desc string) (string, error) {
	switch strings.TrimSpace(desc) {
	case "ชาย":
		return "male", nil
	case "หญิง":
		return "female", nil
	}
	return "", fmt.Errorf("genderDesc %.40q is neither ชาย nor หญิง", desc)
}

// personStatus maps statusOfPersonDesc to alive or deceased and checks it
// against the date of death.
func personStatus(desc string, hasDeath bool) (string, error) {
	var status string
	switch strings.TrimSpace(desc) {
	case "มีชีวิต", "ปกติ":
		status = "alive"
	case "ตาย", "เสียชีวิต":
		status = "deceased"
	default:
		return "", fmt.Errorf("statusOfPersonDesc %.40q is not a known status", desc)
	}
	if hasDeath && status == "alive" {
		return "", fmt.Errorf("person is %s but has a date of death", desc)
	}
	return status, nil
}

// joinName appends a middle name, which the catalog has no field for.
func joinName(first, middle string) string {
	if strings.TrimSpace(middle) == "" {
		return first
	}
	return first + " " + middle
}

// orMissing names a missing value when err is nil.
func orMissing(err error) error {
	if err == nil {
		return fmt.Errorf("missing")
	}
	return err
}
