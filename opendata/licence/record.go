package licence

import (
	"encoding/csv"
	"io"
	"iter"
	"strconv"
)

// ImportRecord returns the licence as a row of an import file: its values
// in the order of Columns(). It holds the licensee's private fields, as
// the agency's own file does; it is not an open output.
func ImportRecord(l Licence) []string {
	lat, lon := "", ""
	if l.Location.Lat != nil && l.Location.Lon != nil {
		lat = strconv.FormatFloat(*l.Location.Lat, 'f', -1, 64)
		lon = strconv.FormatFloat(*l.Location.Lon, 'f', -1, 64)
	}
	ls, loc := l.Licensee, l.Location
	return []string{l.Number, string(l.Type), l.Issuer, l.Office, string(ls.Kind), ls.BusinessName, ls.JuristicID,
		ls.PersonName, ls.CitizenID, loc.Province, loc.District, loc.Subdistrict, lat, lon,
		l.IssuedOn.String(), l.ExpiresOn.String(), string(l.Status)}
}

// WriteCSV writes licences as an import file: UTF-8 with a BOM (so that
// Excel shows Thai), a header row of Columns(), one row a licence. Like
// ImportRecord it writes the private fields; it is for an agency's own
// files and samples, not for open data.
func WriteCSV(w io.Writer, licences iter.Seq[Licence]) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(columns); err != nil {
		return err
	}
	for l := range licences {
		if err := cw.Write(ImportRecord(l)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
