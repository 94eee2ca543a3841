# METADATA
# title: DOPA's narrowing of the baseline for the civil registry
# description: >-
#   An owner module: it applies to DOPA's datasets only and can only narrow
#   what the baseline allows (the engine intersects fields and joins
#   reasons). Religion, PDPA s.26 data, goes only to welfare eligibility
#   checks, whatever other s.26 basis a purpose claims.
package gdx.owner.dopa

religion_purposes := {"welfare_eligibility"}

withheld contains "religion" if {
	"religion" in input.requested_fields
	not input.purpose.code in religion_purposes
}

decision := {
	"allow": true,
	"fields": {f | some f in input.requested_fields; not f in withheld},
	"masks": {},
	"reasons": {sprintf("owner_withheld:%s", [f]) | some f in withheld},
	"obligations": set(),
}
