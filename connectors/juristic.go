package connectors

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// juristicProfilePath is the juristic registry's profile service (DBD
// juristic profile v4).
const juristicProfilePath = "/api/v4/juristic-profile/"

// juristicResponse is the profile service's envelope.
type juristicResponse struct {
	ResultCode string             `json:"ResultCode"`
	ResultList *[]juristicProfile `json:"ResultList"`
}

// juristicProfile is one juristic person, as far as gdx reads it.
type juristicProfile struct {
	JuristicType          string        `json:"JuristicType"`
	JuristicID            digits        `json:"JuristicID"`
	RegisterDate          string        `json:"RegisterDate"`
	JuristicNameTH        string        `json:"JuristicName_TH"`
	JuristicNameEN        string        `json:"JuristicName_EN"`
	RegisterCapital       json.Number   `json:"RegisterCapital"`
	JuristicStatus        string        `json:"JuristicStatus"`
	CommitteeInformations []committee   `json:"CommitteeInformations"`
	AddressInformations   []dbdAddress  `json:"AddressInformations"`
	Objectives            []dbdObjectiv `json:"StandardObjectiveInformations"`
}

// committee is one director or managing partner.
type committee struct {
	Sequence     int    `json:"Sequence"`
	TitleName    string `json:"TitleName"`
	FirstName    string `json:"FirstName"`
	LastName     string `json:"LastName"`
	PositionName string `json:"PositionName"`
}

// dbdAddress is one registered address.
type dbdAddress struct {
	AddressType string `json:"AddressType"`
	AddressNo   string `json:"AddressNo"`
	Moo         string `json:"Moo"`
	Soi         string `json:"Soi"`
	Road        string `json:"Road"`
	Tumbol      string `json:"Tumbol"`
	Ampur       string `json:"Ampur"`
	Province    string `json:"Province"`
	PostCode    string `json:"PostCode"`
}

// dbdObjectiv is a business objective by TSIC code.
type dbdObjectiv struct {
	ObjectiveCode string `json:"ObjectiveCode"`
}

// The Fields below read the profile service's answer as encoding/json
// reads the structs above (the names of their json tags, in their order).
var (
	juristicFields = jsontext.Fields[juristicResponse]{
		jsontext.StringField("ResultCode", func(v *juristicResponse) *string { return &v.ResultCode }),
		slicePointerField("ResultList", func(v *juristicResponse) **[]juristicProfile { return &v.ResultList }, profileFields),
	}
	profileFields = jsontext.Fields[juristicProfile]{
		jsontext.StringField("JuristicType", func(p *juristicProfile) *string { return &p.JuristicType }),
		digitsField("JuristicID", func(p *juristicProfile) *digits { return &p.JuristicID }),
		jsontext.StringField("RegisterDate", func(p *juristicProfile) *string { return &p.RegisterDate }),
		jsontext.StringField("JuristicName_TH", func(p *juristicProfile) *string { return &p.JuristicNameTH }),
		jsontext.StringField("JuristicName_EN", func(p *juristicProfile) *string { return &p.JuristicNameEN }),
		jsontext.NumberField("RegisterCapital", func(p *juristicProfile) *json.Number { return &p.RegisterCapital }),
		jsontext.StringField("JuristicStatus", func(p *juristicProfile) *string { return &p.JuristicStatus }),
		jsontext.SliceField("CommitteeInformations", func(p *juristicProfile) *[]committee { return &p.CommitteeInformations }, committeeFields.Read),
		jsontext.SliceField("AddressInformations", func(p *juristicProfile) *[]dbdAddress { return &p.AddressInformations }, dbdAddressFields.Read),
		jsontext.SliceField("StandardObjectiveInformations", func(p *juristicProfile) *[]dbdObjectiv { return &p.Objectives }, objectiveFields.Read),
	}
	committeeFields = jsontext.Fields[committee]{
		jsontext.IntField("Sequence", func(c *committee) *int { return &c.Sequence }),
		jsontext.StringField("TitleName", func(c *committee) *string { return &c.TitleName }),
		jsontext.StringField("FirstName", func(c *committee) *string { return &c.FirstName }),
		jsontext.StringField("LastName", func(c *committee) *string { return &c.LastName }),
		jsontext.StringField("PositionName", func(c *committee) *string { return &c.PositionName }),
	}
	dbdAddressFields = jsontext.Fields[dbdAddress]{
		jsontext.StringField("AddressType", func(a *dbdAddress) *string { return &a.AddressType }),
		jsontext.StringField("AddressNo", func(a *dbdAddress) *string { return &a.AddressNo }),
		jsontext.StringField("Moo", func(a *dbdAddress) *string { return &a.Moo }),
		jsontext.StringField("Soi", func(a *dbdAddress) *string { return &a.Soi }),
		jsontext.StringField("Road", func(a *dbdAddress) *string { return &a.Road }),
		jsontext.StringField("Tumbol", func(a *dbdAddress) *string { return &a.Tumbol }),
		jsontext.StringField("Ampur", func(a *dbdAddress) *string { return &a.Ampur }),
		jsontext.StringField("Province", func(a *dbdAddress) *string { return &a.Province }),
		jsontext.StringField("PostCode", func(a *dbdAddress) *string { return &a.PostCode }),
	}
	objectiveFields = jsontext.Fields[dbdObjectiv]{
		jsontext.StringField("ObjectiveCode", func(o *dbdObjectiv) *string { return &o.ObjectiveCode }),
	}
)

// juristicStatuses maps the registry's statuses to stable codes.
var juristicStatuses = map[string]string{
	"ยังดำเนินกิจการอยู่": "active",
	"คืนสู่ทะเบียน":       "restored",
	"เลิก": "dissolved",
	"เสร็จการชำระบัญชี": "liquidated",
	"ร้าง":     "abandoned",
	"ล้มละลาย": "bankrupt",
	"ฟื้นฟู":   "rehabilitation",
}

// decodeCompany maps a profile answer for key to a dbd.company record. An
// empty ResultList is not found, as the real service answers.
func decodeCompany(a answer, key string) (Record, error) {
	const what = "the juristic registry"
	if a.status != http.StatusOK {
		return nil, errStatus(what, a.status, a.body)
	}
	var resp juristicResponse
	if err := decodeObject(a.body, juristicFields, &resp); err != nil {
		return nil, errBadBody(what, err)
	}
	if resp.ResultList == nil {
		return nil, errBadBody(what, fmt.Errorf("ResultList is missing (ResultCode %.20q)", resp.ResultCode))
	}
	if len(*resp.ResultList) == 0 {
		return nil, errNotFound(what, key)
	}
	i := slices.IndexFunc(*resp.ResultList, func(p juristicProfile) bool { return p.JuristicID.padded(13) == key })
	if i < 0 {
		return nil, errBadBody(what, errors.New("ResultList holds no profile for the juristic id asked for"))
	}
	rec, err := (*resp.ResultList)[i].record(key)
	if err != nil {
		return nil, errBadBody(what, err)
	}
	return rec, nil
}

// record validates the profile and maps it to catalog field names.
func (p juristicProfile) record(key string) (Record, error) {
	if err := required("JuristicType", p.JuristicType, "JuristicName_TH", p.JuristicNameTH); err != nil {
		return nil, err
	}
	registered, err := beDateString(p.RegisterDate)
	if err != nil || registered == "" {
		return nil, fmt.Errorf("RegisterDate: %v", orMissing(err))
	}
	capital, err := capitalBaht(p.RegisterCapital)
	if err != nil {
		return nil, err
	}
	status, ok := juristicStatuses[strings.TrimSpace(p.JuristicStatus)]
	if !ok {
		return nil, fmt.Errorf("JuristicStatus %.40q is not a known status", p.JuristicStatus)
	}
	directors, err := p.directors()
	if err != nil {
		return nil, err
	}
	addr, err := p.headOffice()
	if err != nil {
		return nil, err
	}
	return Record{
		"juristic_id": key, "name_th": p.JuristicNameTH, "name_en": p.JuristicNameEN, "type": p.JuristicType,
		"registration_date": registered, "capital": capital, "status": status, "directors": directors,
		"address": addr, "objective_code": p.objective(),
	}, nil
}

// capitalBaht parses RegisterCapital, sent as a number or a numeric string.
func capitalBaht(n json.Number) (float64, error) {
	v, err := strconv.ParseFloat(strings.Trim(string(n), `"`), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("RegisterCapital %.30q is not an amount", string(n))
	}
	return v, nil
}

// directors maps CommitteeInformations, in their Sequence order.
func (p juristicProfile) directors() ([]any, error) {
	cs := slices.Clone(p.CommitteeInformations)
	slices.SortStableFunc(cs, func(a, b committee) int { return a.Sequence - b.Sequence })
	out := make([]any, 0, len(cs))
	for i, c := range cs {
		if err := required("FirstName", c.FirstName, "LastName", c.LastName); err != nil {
			return nil, fmt.Errorf("committee member %d: %w", i, err)
		}
		out = append(out, map[string]any{
			"title": c.TitleName, "first_name": c.FirstName, "last_name": c.LastName, "position": c.PositionName,
		})
	}
	return out, nil
}

// headOffice maps the head office address (สำนักงานใหญ่), else the first.
func (p juristicProfile) headOffice() (map[string]any, error) {
	if len(p.AddressInformations) == 0 {
		return nil, fmt.Errorf("AddressInformations is empty")
	}
	i := max(0, slices.IndexFunc(p.AddressInformations, func(a dbdAddress) bool {
		return strings.TrimSpace(a.AddressType) == "สำนักงานใหญ่"
	}))
	a := p.AddressInformations[i]
	if a.Moo != "" && strings.Trim(a.Moo, "0123456789") != "" {
		return nil, fmt.Errorf("Moo %.20q is not a number", a.Moo)
	}
	return address{
		houseNo: a.AddressNo, villageNo: strings.TrimLeft(a.Moo, "0"), alley: a.Soi, road: a.Road,
		subdistrict: a.Tumbol, district: a.Ampur, province: a.Province, postcode: a.PostCode,
	}.record()
}

// objective returns the first TSIC objective code, or nil.
func (p juristicProfile) objective() any {
	for _, o := range p.Objectives {
		if c := strings.TrimSpace(o.ObjectiveCode); c != "" && strings.Trim(c, "0123456789") == "" {
			return c
		}
	}
	return nil
}
