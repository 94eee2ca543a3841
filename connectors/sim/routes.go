package sim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
)

// Paths of the simulated services; see the package documentation.
const (
	PersonPath          = "/linkage/v1/population/"
	HousePath           = "/linkage/v1/house/"
	JuristicProfilePath = "/api/v4/juristic-profile/"
	FaultsPath          = "/_sim/faults"
)

// routes registers the simulator's handlers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	switch s.registry {
	case CivilRegistry:
		mux.HandleFunc("GET "+PersonPath+"{personalID}", s.withFaults(s.handlePerson))
		mux.HandleFunc("GET "+HousePath+"{houseID}", s.withFaults(s.handleHouse))
	case JuristicRegistry:
		mux.HandleFunc("GET "+JuristicProfilePath+"{juristicID}", s.withFaults(s.handleJuristicProfile))
	}
	mux.HandleFunc("GET "+FaultsPath, s.handleGetFaults)
	mux.HandleFunc("PUT "+FaultsPath, s.handlePutFaults)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, http.StatusNotFound, "no such service: "+r.URL.Path)
	})
	return mux
}

// writeJSON writes v as the JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes an error in the simulated registry's own shape.
func (s *Server) writeError(w http.ResponseWriter, status int, msg string) {
	if s.registry == JuristicRegistry {
		writeJSON(w, status, juristicResponse{
			ResultCode: "E" + strconv.Itoa(status), ResultDescription: msg, ResultList: []juristicProfile{},
		})
		return
	}
	writeJSON(w, status, dopaError{Code: status, Message: msg})
}

// dopaError is the Linkage Center's error body.
type dopaError struct {
	Code    int    `json:"Code"`
	Message string `json:"Message"`
}

// validID reports whether id is 13 digits with a valid mod-11 check digit
// and a first digit accepted by first.
func validID(id string, first func(byte) bool) bool {
	if len(id) != 13 || !first(id[0]) {
		return false
	}
	for i := range len(id) {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return catalog.CheckDigit(id[:12]) == id[12]
}

// beDate returns t as a Buddhist-era yyyymmdd integer (25300115), 0 for
// the zero time.
func beDate(t time.Time) int {
	if t.IsZero() {
		return 0
	}
	return (t.Year()+543)*10000 + int(t.Month())*100 + t.Day()
}
