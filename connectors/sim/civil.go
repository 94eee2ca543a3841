package sim

import (
	"net/http"
	"strconv"

	"github.com/gdx-exchange/gdx/connectors/synth"
)

// dopaAddress holds the Linkage Center's address fields, shared by persons
// and houses.
type dopaAddress struct {
	HouseID         int64  `json:"houseID"`
	HouseNo         string `json:"houseNo"`
	VillageNo       int    `json:"villageNo"`
	AlleyDesc       string `json:"alleyDesc"`
	RoadDesc        string `json:"roadDesc"`
	SubdistrictDesc string `json:"subdistrictDesc"`
	DistrictDesc    string `json:"districtDesc"`
	ProvinceDesc    string `json:"provinceDesc"`
	Postcode        string `json:"postcode"`
}

// dopaPerson is the Linkage Center's person record.
type dopaPerson struct {
	PersonalID         string `json:"personalID"`
	TitleDesc          string `json:"titleDesc"`
	FirstName          string `json:"firstName"`
	MiddleName         string `json:"middleName"`
	LastName           string `json:"lastName"`
	EnglishTitleDesc   string `json:"englishTitleDesc"`
	EnglishFirstName   string `json:"englishFirstName"`
	EnglishMiddleName  string `json:"englishMiddleName"`
	EnglishLastName    string `json:"englishLastName"`
	DateOfBirth        int    `json:"dateOfBirth"`
	GenderCode         int    `json:"genderCode"`
	GenderDesc         string `json:"genderDesc"`
	NationalityCode    int    `json:"nationalityCode"`
	NationalityDesc    string `json:"nationalityDesc"`
	ReligionDesc       string `json:"religionDesc"`
	StatusOfPersonCode int    `json:"statusOfPersonCode"`
	StatusOfPersonDesc string `json:"statusOfPersonDesc"`
	DateOfDeath        int    `json:"dateOfDeath"`
	DateOfMoveIn       int    `json:"dateOfMoveIn"`
	dopaAddress
}

// dopaHouse is the Linkage Center's house record.
type dopaHouse struct {
	dopaAddress
	Members []dopaMember `json:"members"`
}

// dopaMember is one person registered in a house.
type dopaMember struct {
	PersonalID         string `json:"personalID"`
	TitleDesc          string `json:"titleDesc"`
	FirstName          string `json:"firstName"`
	LastName           string `json:"lastName"`
	GenderDesc         string `json:"genderDesc"`
	DateOfBirth        int    `json:"dateOfBirth"`
	StatusOfPersonDesc string `json:"statusOfPersonDesc"`
	HouseRelationDesc  string `json:"houseRelationDesc"`
}

// handlePerson answers GET /linkage/v1/population/{personalID}.
func (s *Server) handlePerson(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("personalID")
	if !validID(id, func(c byte) bool { return c != '0' && c != '9' }) {
		s.writeError(w, http.StatusBadRequest, "เลขประจำตัวประชาชนไม่ถูกต้อง (invalid personal id)")
		return
	}
	p, ok := s.data.PersonByID(id)
	if !ok {
		s.writeError(w, http.StatusNotFound, "ไม่พบข้อมูลบุคคล (person not found)")
		return
	}
	writeJSON(w, http.StatusOK, toDOPAPerson(p))
}

// handleHouse answers GET /linkage/v1/house/{houseID}.
func (s *Server) handleHouse(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("houseID")
	if _, err := strconv.ParseUint(id, 10, 64); err != nil || len(id) != 11 {
		s.writeError(w, http.StatusBadRequest, "รหัสประจำบ้านไม่ถูกต้อง (invalid house id)")
		return
	}
	h, ok := s.data.HouseByID(id)
	if !ok {
		s.writeError(w, http.StatusNotFound, "ไม่พบข้อมูลบ้าน (house not found)")
		return
	}
	body := dopaHouse{dopaAddress: toDOPAAddress(h.ID, h.Address), Members: make([]dopaMember, 0, len(h.Members))}
	for i, n := range h.Members {
		p, _ := s.data.Person(n)
		relation := "ผู้อาศัย"
		if i == 0 {
			relation = "เจ้าบ้าน"
		}
		body.Members = append(body.Members, dopaMember{
			PersonalID: p.CitizenID, TitleDesc: p.Title, FirstName: p.FirstTH, LastName: p.LastTH,
			GenderDesc: genderDesc(p.Sex), DateOfBirth: beDate(p.BirthDate),
			StatusOfPersonDesc: statusDesc(p.Deceased), HouseRelationDesc: relation,
		})
	}
	writeJSON(w, http.StatusOK, body)
}

// toDOPAPerson renders a person in the Linkage Center's shape.
func toDOPAPerson(p synth.Person) dopaPerson {
	d := dopaPerson{
		PersonalID: p.CitizenID, TitleDesc: p.Title, FirstName: p.FirstTH, LastName: p.LastTH,
		EnglishTitleDesc: p.TitleEN, EnglishFirstName: p.FirstEN, EnglishLastName: p.LastEN,
		DateOfBirth: beDate(p.BirthDate), GenderCode: 2, GenderDesc: genderDesc(p.Sex),
		NationalityCode: 99, NationalityDesc: p.Nationality, ReligionDesc: p.Religion,
		StatusOfPersonDesc: statusDesc(p.Deceased), DateOfDeath: beDate(p.DeathDate),
		DateOfMoveIn: beDate(p.MovedIn), dopaAddress: toDOPAAddress(p.HouseID, p.Address),
	}
	if p.Sex == synth.Male {
		d.GenderCode = 1
	}
	if p.Nationality != "ไทย" {
		d.NationalityCode = 0
	}
	if p.Deceased {
		d.StatusOfPersonCode = 1
	}
	return d
}

// toDOPAAddress renders an address with its house id.
func toDOPAAddress(houseID string, a synth.Address) dopaAddress {
	id, _ := strconv.ParseInt(houseID, 10, 64)
	return dopaAddress{
		HouseID: id, HouseNo: a.HouseNo, VillageNo: a.VillageNo, AlleyDesc: a.Alley, RoadDesc: a.Road,
		SubdistrictDesc: a.Subdistrict, DistrictDesc: a.District, ProvinceDesc: a.Province, Postcode: a.Postcode,
	}
}

func genderDesc(s synth.Sex) string {
	if s == synth.Male {
		return "ชาย"
	}
	return "หญิง"
}

func statusDesc(deceased bool) string {
	if deceased {
		return "ตาย"
	}
	return "มีชีวิต"
}
