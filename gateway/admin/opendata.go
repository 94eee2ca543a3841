package admin

import "context"

// ActionLicenceImport is the audit action of loading an agency's licence
// database (gdx opendata import, and later the agency API's bulk load).
const ActionLicenceImport = "licence.import"

// ImportLicences runs do, the load of agency's licences, as an audited
// change: the attempt and the outcome leave the same events as any other
// change of the exchange, whichever front end made it. Only the agency's
// own admins and the central office may load its licences. detail names
// the file and, when do has run, what changed. Errors: forbidden, those
// of do, and the audit's (see change).
func (s *Service) ImportLicences(ctx context.Context, by Caller, agency string, detail any, do func() error) error {
	return s.change(ctx, by, ActionLicenceImport, "licences/"+agency, detail, func() error {
		if err := by.Steward.may("load the licence database", agency, admins...); err != nil {
			return err
		}
		return do()
	})
}
