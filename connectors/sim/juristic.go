package sim

import (
	"net/http"
	"strconv"

	"github.com/gdx-exchange/gdx/connectors/synth"
)

// juristicResponse is the juristic profile v4 envelope.
type juristicResponse struct {
	ResultCode        string            `json:"ResultCode"`
	ResultDescription string            `json:"ResultDescription"`
	ResultList        []juristicProfile `json:"ResultList"`
}

// juristicProfile is one juristic person's profile.
type juristicProfile struct {
	JuristicType                  string              `json:"JuristicType"`
	JuristicID                    string              `json:"JuristicID"`
	RegisterDate                  string              `json:"RegisterDate"`
	JuristicNameTH                string              `json:"JuristicName_TH"`
	JuristicNameEN                string              `json:"JuristicName_EN"`
	RegisterCapital               int64               `json:"RegisterCapital"`
	JuristicStatus                string              `json:"JuristicStatus"`
	CommitteeInformations         []committee         `json:"CommitteeInformations"`
	AddressInformations           []juristicAddress   `json:"AddressInformations"`
	StandardObjectiveInformations []standardObjective `json:"StandardObjectiveInformations"`
}

// committee is one director or managing partner.
type committee struct {
	Sequence     int    `json:"Sequence"`
	TitleName    string `json:"TitleName"`
	FirstName    string `json:"FirstName"`
	LastName     string `json:"LastName"`
	PositionName string `json:"PositionName"`
}

// juristicAddress is one registered address (head office or branch).
type juristicAddress struct {
	AddressType string `json:"AddressType"`
	AddressNo   string `json:"AddressNo"`
	Building    string `json:"Building"`
	Moo         string `json:"Moo"`
	Soi         string `json:"Soi"`
	Road        string `json:"Road"`
	Tumbol      string `json:"Tumbol"`
	Ampur       string `json:"Ampur"`
	Province    string `json:"Province"`
	PostCode    string `json:"PostCode"`
}

// standardObjective is a business objective by TSIC code.
type standardObjective struct {
	ObjectiveCode        string `json:"ObjectiveCode"`
	ObjectiveDescription string `json:"ObjectiveDescription"`
}

// handleJuristicProfile answers GET /api/v4/juristic-profile/{juristicID}.
func (s *Server) handleJuristicProfile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("juristicID")
	if !validID(id, func(c byte) bool { return c == '0' }) {
		s.writeError(w, http.StatusBadRequest, "เลขทะเบียนนิติบุคคลไม่ถูกต้อง (invalid JuristicID)")
		return
	}
	resp := juristicResponse{ResultCode: "0000", ResultDescription: "สำเร็จ", ResultList: []juristicProfile{}}
	if c, ok := s.data.CompanyByID(id); ok {
		resp.ResultList = append(resp.ResultList, toProfile(c))
	} else {
		resp.ResultDescription = "ไม่พบข้อมูล"
	}
	writeJSON(w, http.StatusOK, resp)
}

// toProfile renders a company in the juristic profile v4 shape.
func toProfile(c synth.Company) juristicProfile {
	p := juristicProfile{
		JuristicType: c.Type, JuristicID: c.JuristicID, RegisterDate: strconv.Itoa(beDate(c.RegisteredOn)),
		JuristicNameTH: c.NameTH, JuristicNameEN: c.NameEN, RegisterCapital: c.Capital,
		JuristicStatus: c.Status, CommitteeInformations: make([]committee, 0, len(c.Directors)),
		AddressInformations: []juristicAddress{{
			AddressType: "สำนักงานใหญ่", AddressNo: c.Address.HouseNo, Moo: moo(c.Address.VillageNo),
			Soi: c.Address.Alley, Road: c.Address.Road, Tumbol: c.Address.Subdistrict,
			Ampur: c.Address.District, Province: c.Address.Province, PostCode: c.Address.Postcode,
		}},
		StandardObjectiveInformations: []standardObjective{{ObjectiveCode: c.ObjectiveCode, ObjectiveDescription: c.ObjectiveTH}},
	}
	for i, d := range c.Directors {
		p.CommitteeInformations = append(p.CommitteeInformations, committee{
			Sequence: i + 1, TitleName: d.Title, FirstName: d.FirstTH, LastName: d.LastTH, PositionName: d.Position,
		})
	}
	return p
}

// moo renders a village number as the registry does: empty for none.
func moo(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
