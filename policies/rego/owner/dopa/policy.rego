# METADATA
# title: DOPA's narrowing of the baseline for the civil registry
# description: >-
#   An owner module: it applies to DOPA's datasets only and can only narrow
#   what the baseline allows (the engine intersects fields and joins
#   reasons). Religion, PDPA s.26 data, goes only to welfare eligibility
#   checks, whatever other s.26 basis a purpose claims.
package gdx.owner.dopa

religion_purposes := {"welfare_eligibility"}

requested := {f | some f in input.requested_fields}

withheld := requested & {"religion"} if not input.purpose.code in religion_purposes
else := set()

decision := {
	"allow": true,
	"fields": requested - withheld,
	"masks": {},
	"reasons": {concat(":", ["owner_withheld", f]) | some f in withheld},
	"obligations": set(),
}
