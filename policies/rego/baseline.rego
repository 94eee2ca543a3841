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
# A lookup that passes them all (ok) has no refusal, so only a denied one
# pays for finding out which checks failed (refused).

known_level if level in classifications

agency_active if input.agency.status == "active"

purpose_granted if input.purpose.code in input.grant.purposes

ial_met if ial_rank[input.ial] >= ial_rank[required_ial]

aal_met if aal_rank[input.aal] >= aal_rank[required_aal]

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
# Every list of the input becomes a set once per query; the fields, the
# withheld ones and the masks then follow by set operations, so that the
# cost of a decision hardly grows with the number of fields.

dataset_fields := {f.name: f | some f in input.dataset.fields}

requested := {f | some f in input.requested_fields}

# requested fields the dataset has, before anything is withheld
present := requested & object.keys(dataset_fields)

unknown := requested - present

granted := {f | valid_grant; some f in input.grant.fields}

unmasked := {f | valid_grant; some f in input.grant.unmasked}

not_granted := present - granted if {
	level != "public"
	valid_grant
} else := set()

needs_s26 := {name | some name in present; dataset_fields[name].sensitive} if {
	not input.purpose.sensitive_basis in s26_bases
} else := set()

# why each withheld field is withheld, as code:field
withheld := {concat(":", ["unknown_field", name]) | some name in unknown} |
	{concat(":", ["field_not_granted", name]) | some name in not_granted} |
	{concat(":", ["sensitive_needs_s26_basis", name]) | some name in needs_s26}

fields := (present - not_granted) - needs_s26

# Identifiers are masked unless the grant lists them as unmasked.
masks := {name: "partial" |
	some name in fields - unmasked
	dataset_fields[name].identifier
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

# ok holds when the level's conditions are met, stated positively, and
# no refusal can stand: then and only then refusals is empty.
ok if {
	permitted
	agency_active
	any_requested
	count(fields) > 0
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

refused := set() if ok
else := refusals

# Default deny.
default allow := false

allow if ok

reasons := refused | withheld

decision := {
	"allow": allow,
	"fields": fields,
	"masks": masks,
	"reasons": reasons,
	"obligations": obligations,
}
