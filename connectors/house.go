package connectors

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gdx-exchange/gdx/internal/jsontext"
)

// dopaHouse is the Linkage Center's house record.
type dopaHouse struct {
	dopaAddress
	Members *[]dopaMember `json:"members"`
}

// dopaMember is one person registered in a house.
type dopaMember struct {
	PersonalID         digits `json:"personalID"`
	TitleDesc          string `json:"titleDesc"`
	FirstName          string `json:"firstName"`
	LastName           string `json:"lastName"`
	StatusOfPersonDesc string `json:"statusOfPersonDesc"`
	HouseRelationDesc  string `json:"houseRelationDesc"`
}

// memberFields reads a dopaMember as encoding/json reads it.
var memberFields = jsontext.Fields[dopaMember]{
	digitsField("personalID", func(m *dopaMember) *digits { return &m.PersonalID }),
	jsontext.StringField("titleDesc", func(m *dopaMember) *string { return &m.TitleDesc }),
	jsontext.StringField("firstName", func(m *dopaMember) *string { return &m.FirstName }),
	jsontext.StringField("lastName", func(m *dopaMember) *string { return &m.LastName }),
	jsontext.StringField("statusOfPersonDesc", func(m *dopaMember) *string { return &m.StatusOfPersonDesc }),
	jsontext.StringField("houseRelationDesc", func(m *dopaMember) *string { return &m.HouseRelationDesc }),
}

// houseFields reads a dopaHouse as encoding/json reads it: the embedded
// address's fields promoted, then members.
var houseFields = append(jsontext.Embed(addressFields, func(h *dopaHouse) *dopaAddress { return &h.dopaAddress }),
	slicePointerField("members", func(h *dopaHouse) **[]dopaMember { return &h.Members }, memberFields))

// maxMembers bounds a house's member list; a real house has a few dozen at
// most.
const maxMembers = 500

// decodeHouse maps a house answer for key to a dopa.house record.
func decodeHouse(a answer, key string) (Record, error) {
	const what = "the civil registry"
	if a.status != http.StatusOK {
		return nil, dopaStatus(what, a, key)
	}
	var h dopaHouse
	if err := decodeObject(a.body, houseFields, &h); err != nil {
		return nil, errBadBody(what, err)
	}
	rec, err := h.record(key)
	if err != nil {
		return nil, errBadBody(what, err)
	}
	return rec, nil
}

// record validates the house and maps it to catalog field names.
func (h dopaHouse) record(key string) (Record, error) {
	if id := h.HouseID.padded(11); id != key {
		return nil, errors.New("the answer is for another house id than the one asked for")
	}
	addr, err := h.dopaAddress.record()
	if err != nil {
		return nil, err
	}
	if h.Members == nil {
		return nil, fmt.Errorf("members is missing")
	}
	if len(*h.Members) > maxMembers {
		return nil, fmt.Errorf("%d members, at most %d", len(*h.Members), maxMembers)
	}
	members := make([]any, 0, len(*h.Members))
	for i, m := range *h.Members {
		rec, err := m.record()
		if err != nil {
			return nil, fmt.Errorf("member %d: %w", i, err)
		}
		members = append(members, rec)
	}
	return Record{"house_id": key, "address": addr, "members": members}, nil
}

// record validates a member and maps it to catalog-style names.
func (m dopaMember) record() (map[string]any, error) {
	if len(m.PersonalID) != 13 {
		return nil, fmt.Errorf("personalID %.20q is not 13 digits", m.PersonalID)
	}
	if err := required("firstName", m.FirstName, "lastName", m.LastName); err != nil {
		return nil, err
	}
	status, err := personStatus(m.StatusOfPersonDesc, false)
	if err != nil {
		return nil, err
	}
	var role string
	switch strings.TrimSpace(m.HouseRelationDesc) {
	case "เจ้าบ้าน":
		role = "head"
	case "ผู้อาศัย":
		role = "resident"
	default:
		return nil, fmt.Errorf("houseRelationDesc %.40q is neither เจ้าบ้าน nor ผู้อาศัย", m.HouseRelationDesc)
	}
	return map[string]any{
		"citizen_id": string(m.PersonalID), "title": m.TitleDesc, "first_name_th": m.FirstName,
		"last_name_th": m.LastName, "role": role, "status": status,
	}, nil
}
