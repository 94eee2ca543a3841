package main

import (
	"context"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/portal"
)

// newPortal builds the public portal's pages over the open-data stores.
func newPortal(cfg openDataConfig, st *stores, deps portal.Deps, csrfKey []byte) (*portal.Server, error) {
	deps.Packages, deps.Stats = st.opendata, st.stats
	deps.Licences = portalLicences{st: st}
	return portal.New(portal.Config{SiteURL: cfg.webURL, APIURL: cfg.apiURL, OpenAPIURL: "/openapi.json",
		CSRFKey: csrfKey, Refresh: time.Second}, deps)
}

// portalLicences backs the portal's licence check with the licence store,
// naming issuers from the catalog.
type portalLicences struct{ st *stores }

func (p portalLicences) FindLicences(ctx context.Context, query string, limit int) ([]portal.Licence, error) {
	found, err := p.st.licences.Search(ctx, licence.SearchQuery{Text: query, Limit: limit})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	out := make([]portal.Licence, 0, len(found))
	for _, l := range found {
		v := licence.Verification{PublicLicence: l, StatusNow: licence.Licence{Status: l.Status, ExpiresOn: l.ExpiresOn}.StatusAt(now),
			CheckedOn: licence.Today(now)}
		out = append(out, p.view(ctx, v))
	}
	return out, nil
}

func (p portalLicences) Licence(ctx context.Context, issuer, number string) (portal.Licence, error) {
	v, err := licence.Verify(ctx, p.st.licences, issuer, number, time.Now())
	if err != nil {
		return portal.Licence{}, err
	}
	return p.view(ctx, v), nil
}

// view turns a licence check into the portal's view of it.
func (p portalLicences) view(ctx context.Context, v licence.Verification) portal.Licence {
	out := portal.Licence{
		Issuer: v.Issuer, Number: v.Number, Type: string(v.Type), TypeTH: v.TypeTH, Office: v.Office,
		BusinessName: v.BusinessName, JuristicID: v.JuristicID, LicenseeWithheld: v.LicenseeWithheld,
		Province: v.Province, District: v.District, Subdistrict: v.Subdistrict,
		IssuedOn: v.IssuedOn.Time(), ExpiresOn: v.ExpiresOn.Time(),
		Status: string(v.Status), StatusNow: string(v.StatusNow), CheckedOn: v.CheckedOn.Time(),
	}
	if info, ok := v.Type.Info(); ok {
		out.TypeEN = info.NameEN
	}
	if a, err := p.st.catalog.FindAgency(ctx, v.Issuer); err == nil {
		out.IssuerNameTH, out.IssuerNameEN = a.NameTH, a.NameEN
	} else if !catalog.IsKind(err, catalog.KindNotFound) {
		out.IssuerNameEN = v.Issuer
	}
	return out
}
