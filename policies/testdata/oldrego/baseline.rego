# METADATA
# title: gdx baseline access policy
# description: >-
#   The central office's rules for every dataset (DESIGN.md "Data
#   governance"). Default deny; public to anyone; internal to holders of a
#   valid grant; confidential also needs the purpose in the grant and the
#   dataset's IAL and AAL; secret needs IAL 3 and AAL 3; top secret never.
#   Only fields both requested and granted; PDPA s.26 fields only for
#   purposes with a s.26 basis; identifiers masked unless the grant unmasks
#   them. Owner modules (package gdx.owner.<code>) can only narrow this.
#   The result is `decision`; policies/CONTRACT.md documents its shape.
package gdx.baseline

# Assurance levels in rising order (catalog.IALs, catalog.AALs).
ial_rank := {"1": 0, "2.1": 1, "2.2": 2, "2.3": 3, "3": 4}

aal_rank := {"1": 0, "2": 1, "3": 2}

classifications := {"public", "internal", "confidential", "secret", "top_secret"}

# The PDPA s.26 grounds a purpose may rely on to receive sensitive data.
s26_bases := {"explicit_consent", "vital_interest", "legal_claims", "legal_duty"}

level := input.dataset.classification

needs_grant if level in {"internal", "confidential", "secret"}

needs_purpose if level in {"confidential", "secret"}

needs_assurance if level in {"confidential", "secret"}

required_ial := "3" if level == "secret"
else := input.dataset.ial

required_aal := "3" if level == "secret"
else := input.dataset.aal

meets(ranks, have, want) if ranks[have] >= ranks[want]

# --- the grant: an expired or non-active grant counts as none -------------

now := time.parse_rfc3339_ns(input.time)

has_grant if is_object(input.grant)

grant_started if time.parse_rfc3339_ns(input.grant.valid_from) <= now

grant_ended if now >= time.parse_rfc3339_ns(input.grant.valid_to)

valid_grant if {
	input.grant.status == "active"
	grant_started
	not grant_ended
}

grant_problems contains "no_grant" if not has_grant

grant_problems contains "grant_not_active" if {
	has_grant
	input.grant.status != "active"
}

grant_problems contains "grant_not_yet_valid" if {
	has_grant
	not grant_started
}

grant_problems contains "grant_expired" if {
	has_grant
	grant_ended
}

# --- refusals of the whole lookup ----------------------------------------
# Every check is written positively first (known_level, agency_active …)
# so that a missing input member refuses instead of slipping through.

known_level if level in classifications

agency_active if input.agency.status == "active"

purpose_granted if input.purpose.code in input.grant.purposes

ial_met if meets(ial_rank, input.ial, required_ial)

aal_met if meets(aal_rank, input.aal, required_aal)

any_requested if count(input.requested_fields) > 0

refusals contains "top_secret" if level == "top_secret"

refusals contains "unknown_classification" if not known_level

refusals contains "agency_suspended" if not agency_active

refusals contains problem if {
	needs_grant
	some problem in grant_problems
}

refusals contains "purpose_not_in_grant" if {
	needs_purpose
	valid_grant
	not purpose_granted
}

refusals contains "ial_too_low" if {
	needs_assurance
	not ial_met
}

refusals contains "aal_too_low" if {
	needs_assurance
	not aal_met
}

refusals contains "no_fields_requested" if not any_requested

refusals contains "no_fields_allowed" if {
	any_requested
	count(fields) == 0
}

# --- fields: requested ∩ granted, minus what PDPA s.26 holds back ---------

dataset_fields := {f.name: f | some f in input.dataset.fields}

requested := {f | some f in input.requested_fields}

granted := {f | valid_grant; some f in input.grant.fields}

withheld contains [name, "unknown_field"] if {
	some name in requested
	not dataset_fields[name]
}

withheld contains [name, "field_not_granted"] if {
	level != "public"
	valid_grant
	some name in requested
	dataset_fields[name]
	not name in granted
}

withheld contains [name, "sensitive_needs_s26_basis"] if {
	some name in requested
	dataset_fields[name].sensitive
	not input.purpose.sensitive_basis in s26_bases
}

withheld_names := {name | some [name, _] in withheld}

fields := {name |
	some name in requested
	dataset_fields[name]
	not name in withheld_names
}

# Identifiers are masked unless the grant lists them as unmasked.
masks[name] := "partial" if {
	some name in fields
	dataset_fields[name].identifier
	not unmasked(name)
}

unmasked(name) if {
	valid_grant
	name in input.grant.unmasked
}

obligations contains "purpose_limitation" if {
	some name in fields
	dataset_fields[name].personal
}

obligations contains "record_sensitive_access" if {
	some name in fields
	dataset_fields[name].sensitive
}

obligations contains "secret_handling" if level == "secret"

# --- the result ------------------------------------------------------------

# Default deny. Each level's conditions are stated positively, and no
# refusal may stand.
default allow := false

allow if {
	permitted
	agency_active
	any_requested
	count(fields) > 0
	count(refusals) == 0
}

permitted if level == "public"

permitted if {
	level == "internal"
	valid_grant
}

permitted if {
	needs_purpose
	valid_grant
	purpose_granted
	ial_met
	aal_met
}

reasons := refusals | {sprintf("%s:%s", [code, name]) | some [name, code] in withheld}

decision := {
	"allow": allow,
	"fields": fields,
	"masks": masks,
	"reasons": reasons,
	"obligations": obligations,
}
