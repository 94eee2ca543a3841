package licence

import "strconv"

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
