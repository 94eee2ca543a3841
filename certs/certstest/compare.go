package certstest

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/gdx-exchange/gdx/certs"
)

// compareIssued orders records as ListIssued must: NotBefore, then Serial.
func compareIssued(a, b certs.Issued) int {
	if c := a.NotBefore.Compare(b.NotBefore); c != 0 {
		return c
	}
	return cmp.Compare(a.Serial, b.Serial)
}

// diffIssued describes the first difference between a stored record and the
// one recorded, treating nil and empty lists alike and comparing instants,
// not locations.
func diffIssued(got, want certs.Issued) string {
	fields := []struct {
		name      string
		got, want any
		equal     bool
	}{
		{"Kind", got.Kind, want.Kind, got.Kind == want.Kind},
		{"Subject", got.Subject, want.Subject, got.Subject == want.Subject},
		{"Agency", got.Agency, want.Agency, got.Agency == want.Agency},
		{"DNSNames", got.DNSNames, want.DNSNames, slices.Equal(got.DNSNames, want.DNSNames)},
		{"IPs", got.IPs, want.IPs, slices.Equal(got.IPs, want.IPs)},
		{"NotBefore", got.NotBefore, want.NotBefore, got.NotBefore.Equal(want.NotBefore)},
		{"NotAfter", got.NotAfter, want.NotAfter, got.NotAfter.Equal(want.NotAfter)},
		{"Thumbprint", got.Thumbprint, want.Thumbprint, got.Thumbprint == want.Thumbprint},
		{"RevokedAt", got.RevokedAt, nil, got.RevokedAt == nil},
		{"RevocationReason", got.RevocationReason, "", got.RevocationReason == ""},
	}
	for _, f := range fields {
		if !f.equal {
			return fmt.Sprintf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
	return ""
}
