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

# How this file is written: OPA evaluates a rule once per decision, but
# every rule, loop turn and expression costs it microseconds. So an allowed
# lookup evaluates a handful of rules (allow, valid_grant, present, fields,
# masks, obligations), the reasons of a refusal are worked out only when
# the lookup is refused, and a rule that loops over fields reads the other
# rules it needs into local variables before the loop (a rule referenced
# inside a loop is looked up again on every turn). A boolean is compared
# with true (`valid_grant == true`) rather than stated alone: OPA gives an
# expression that is a bare term a fresh variable, which costs it more
# than the comparison. Every flag and rule compared so is a boolean, so
# the meaning is the same.

# Assurance levels in rising order (catalog.IALs, catalog.AALs).
ial_rank := {"1": 0, "2.1": 1, "2.2": 2, "2.3": 3, "3": 4}

aal_rank := {"1": 0, "2": 1, "3": 2}

classifications := {"public", "internal", "confidential", "secret", "top_secret"}

# The PDPA s.26 grounds a purpose may rely on to receive sensitive data.
s26_bases := {"explicit_consent", "vital_interest", "legal_claims", "legal_duty"}

level := input.dataset.classification

# --- allow -------------------------------------------------------------------
# The lookup is allowed when its level's conditions are met, stated
# positively (a missing input member refuses instead of slipping through),
# the agency is active and some requested field may go out. Then and only
# then refusals is empty.

default allow := false

allow if {
	permitted == true
	input.agency.status == "active"
	count(fields) > 0
}

# The conditions of each level, one body per level, so that OPA's rule
# index evaluates only the dataset's. Top secret has none: it never leaves.
permitted if input.dataset.classification == "public"

permitted if {
	input.dataset.classification == "internal"
	valid_grant == true
}

permitted if {
	input.dataset.classification == "confidential"
	valid_grant == true
	input.purpose.code in input.grant.purposes
	ial_rank[input.ial] >= ial_rank[input.dataset.ial]
	aal_rank[input.aal] >= aal_rank[input.dataset.aal]
}

permitted if {
	input.dataset.classification == "secret"
	valid_grant == true
	input.purpose.code in input.grant.purposes
	ial_rank[input.ial] >= ial_rank["3"]
	aal_rank[input.aal] >= aal_rank["3"]
}

# A grant counts only when it is active and the lookup's time lies within
# its validity; an expired or non-active grant counts as none.
valid_grant if {
	input.grant.status == "active"
	now := time.parse_rfc3339_ns(input.time)
	time.parse_rfc3339_ns(input.grant.valid_from) <= now
	now < time.parse_rfc3339_ns(input.grant.valid_to)
}

# --- fields: requested ∩ granted, minus what PDPA s.26 holds back ---------

# the requested fields the dataset has, by name, with their PDPA flags
present := {f.name: f | some f in input.dataset.fields; f.name in input.requested_fields}

# The purpose may receive PDPA s.26 (sensitive) data.
s26_allowed := input.purpose.sensitive_basis in s26_bases

# The grant limits the fields of a non-public dataset once it is valid (an
# invalid grant already denies the lookup).
grant_limits if {
	level != "public"
	valid_grant == true
}

# A requested field of the dataset goes out when it is granted and either
# not sensitive or the purpose has a s.26 basis (`f.sensitive <= s26`:
# false <= anything, true <= true only).
fields := {name |
	s26 := s26_allowed
	granted := input.grant.fields
	some name, f in present
	name in granted
	f.sensitive <= s26
} if grant_limits == true
else := {name |
	s26 := s26_allowed
	some name, f in present
	f.sensitive <= s26
}

# Identifiers are masked unless a valid grant lists them as unmasked.
masks := {name: "partial" |
	known := present
	unmasked := input.grant.unmasked
	some name in fields
	known[name].identifier == true
	not name in unmasked
} if valid_grant == true
else := {name: "partial" |
	known := present
	some name in fields
	known[name].identifier == true
}

obligations contains "purpose_limitation" if {
	known := present
	some name in fields
	known[name].personal == true
}

obligations contains "record_sensitive_access" if {
	known := present
	some name in fields
	known[name].sensitive == true
}

obligations contains "secret_handling" if level == "secret"

# --- reasons -----------------------------------------------------------------

reasons := withheld if allow == true
else := refusals | withheld

# Why each withheld field is withheld, as code:field. When as many fields
# go out as were requested, none is withheld.
withheld := set() if count(fields) == count(input.requested_fields)
else := unknown_fields | not_granted | needs_s26

# When the dataset has as many of the requested fields as were requested,
# it has them all.
unknown_fields := set() if count(present) == count(input.requested_fields)
else := {concat(":", ["unknown_field", name]) |
	known := present
	some name in input.requested_fields
	not known[name]
}

# the requested fields of the dataset that do not go out
dropped := object.remove(present, fields)

not_granted := {concat(":", ["field_not_granted", name]) |
	granted := input.grant.fields
	some name, _ in dropped
	not name in granted
} if grant_limits == true
else := set()

needs_s26 := {concat(":", ["sensitive_needs_s26_basis", name]) |
	some name, f in dropped
	f.sensitive == true
} if not s26_allowed
else := set()

# The refusals of the whole lookup, evaluated only for a refused one.
refusals contains "top_secret" if level == "top_secret"

refusals contains "unknown_classification" if not known_level

refusals contains "agency_suspended" if not agency_active

refusals contains problem if {
	level in {"internal", "confidential", "secret"}
	some problem in grant_problems
}

refusals contains "purpose_not_in_grant" if {
	level in {"confidential", "secret"}
	valid_grant
	not input.purpose.code in input.grant.purposes
}

refusals contains "ial_too_low" if {
	level in {"confidential", "secret"}
	not ial_met
}

refusals contains "aal_too_low" if {
	level in {"confidential", "secret"}
	not aal_met
}

refusals contains "no_fields_requested" if count(input.requested_fields) == 0

refusals contains "no_fields_allowed" if {
	count(input.requested_fields) > 0
	count(fields) == 0
}

# Each check a refusal negates is a rule of its own, so that `not` applies
# to the whole check: a missing input member then refuses.
known_level if level in classifications

agency_active if input.agency.status == "active"

ial_met if ial_rank[input.ial] >= ial_rank[required_ial]

aal_met if aal_rank[input.aal] >= aal_rank[required_aal]

grant_started if time.parse_rfc3339_ns(input.grant.valid_from) <= time.parse_rfc3339_ns(input.time)

required_ial := "3" if level == "secret"
else := input.dataset.ial

required_aal := "3" if level == "secret"
else := input.dataset.aal

# What is wrong with the grant, if anything.
grant_problems contains "no_grant" if not is_object(input.grant)

grant_problems contains "grant_not_active" if {
	is_object(input.grant)
	input.grant.status != "active"
}

grant_problems contains "grant_not_yet_valid" if {
	is_object(input.grant)
	not grant_started
}

grant_problems contains "grant_expired" if {
	is_object(input.grant)
	time.parse_rfc3339_ns(input.time) >= time.parse_rfc3339_ns(input.grant.valid_to)
}

# --- the result ----------------------------------------------------------------

decision := {
	"allow": allow,
	"fields": fields,
	"masks": masks,
	"reasons": reasons,
	"obligations": obligations,
}
