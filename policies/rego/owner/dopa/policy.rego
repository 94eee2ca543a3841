# METADATA
# title: DOPA's narrowing of the baseline for the civil registry
# description: >-
#   An owner module: it applies to DOPA's datasets only and can only narrow
#   what the baseline allows (the engine intersects fields and joins
#   reasons). Religion, PDPA s.26 data, goes only to welfare eligibility
#   checks, whatever other s.26 basis a purpose claims.
package gdx.owner.dopa

religion_purposes := {"welfare_eligibility"}

# the fields this module holds back from the lookup's purpose
held_back := {"religion"} if not input.purpose.code in religion_purposes
else := set()

decision := {
	"allow": true,
	"fields": {f | held := held_back; some f in input.requested_fields; not f in held},
	"masks": {},
	"reasons": {concat(":", ["owner_withheld", f]) | some f in held_back; f in input.requested_fields},
	"obligations": set(),
}
