package gdx.baseline_test

import data.gdx.baseline

person_fields := [
	{"name": "citizen_id", "personal": true, "sensitive": false, "identifier": true},
	{"name": "first_name_th", "personal": true, "sensitive": false, "identifier": false},
	{"name": "religion", "personal": true, "sensitive": true, "identifier": false},
	{"name": "house_id", "personal": true, "sensitive": false, "identifier": true},
]

grant := {
	"id": "g-dla-person",
	"purposes": ["licensing", "welfare_eligibility"],
	"fields": ["citizen_id", "first_name_th", "religion"],
	"unmasked": [],
	"valid_from": "2026-01-01T00:00:00Z",
	"valid_to": "2027-01-01T00:00:00Z",
	"status": "active",
}

base := {
	"agency": {"code": "DLA", "status": "active"},
	"officer": {"sub": "officer-7"},
	"purpose": {"code": "licensing", "basis": "public_task", "sensitive_basis": ""},
	"ial": "2.3",
	"aal": "2",
	"dataset": {
		"id": "dopa.person", "owner": "DOPA", "classification": "confidential",
		"ial": "2.3", "aal": "2", "fields": person_fields,
	},
	"requested_fields": ["citizen_id", "first_name_th"],
	"grant": grant,
	"time": "2026-06-01T00:00:00Z",
}

welfare := {"code": "welfare_eligibility", "basis": "public_task", "sensitive_basis": "legal_duty"}

at_level(level) := object.union(base, {"dataset": {"classification": level}})

test_confidential_with_grant_purpose_and_assurance_allows if {
	d := baseline.decision with input as base
	d.allow
	d.fields == {"citizen_id", "first_name_th"}
	d.masks == {"citizen_id": "partial"}
	d.obligations == {"purpose_limitation"}
}

test_default_deny_on_empty_input if {
	not baseline.allow with input as {}
}

test_top_secret_never if {
	inp := object.union(at_level("top_secret"), {"ial": "3", "aal": "3"})
	d := baseline.decision with input as inp
	not d.allow
	"top_secret" in d.reasons
}

test_unknown_classification_denied if {
	d := baseline.decision with input as at_level("restricted")
	not d.allow
	"unknown_classification" in d.reasons
}

test_public_needs_no_grant if {
	inp := object.union(at_level("public"), {"grant": null, "ial": "1", "aal": "1"})
	d := baseline.decision with input as inp
	d.allow
	d.fields == {"citizen_id", "first_name_th"}
	d.masks == {"citizen_id": "partial"}
}

test_internal_without_grant_denied if {
	d := baseline.decision with input as object.union(at_level("internal"), {"grant": null})
	not d.allow
	d.reasons == {"no_grant"}
}

test_internal_with_grant_ignores_purpose_and_assurance if {
	inp := object.union(at_level("internal"), {"purpose": {"code": "statistics"}, "ial": "1", "aal": "1"})
	d := baseline.decision with input as inp
	d.allow
}

test_expired_grant_counts_as_none if {
	inp := object.union(base, {"time": "2027-01-01T00:00:00Z"})
	d := baseline.decision with input as inp
	not d.allow
	d.reasons == {"grant_expired"}
}

test_future_grant_counts_as_none if {
	d := baseline.decision with input as object.union(base, {"time": "2025-12-31T23:59:59Z"})
	d.reasons == {"grant_not_yet_valid"}
}

test_revoked_grant_counts_as_none if {
	d := baseline.decision with input as object.union(base, {"grant": {"status": "revoked"}})
	not d.allow
	d.reasons == {"grant_not_active"}
}

test_purpose_not_in_grant if {
	d := baseline.decision with input as object.union(base, {"purpose": {"code": "tax_assessment"}})
	not d.allow
	d.reasons == {"purpose_not_in_grant"}
}

test_assurance_too_low if {
	d := baseline.decision with input as object.union(base, {"ial": "2.2", "aal": "1"})
	not d.allow
	d.reasons == {"ial_too_low", "aal_too_low"}
}

test_unknown_level_does_not_meet if {
	d := baseline.decision with input as object.union(base, {"ial": "9"})
	d.reasons == {"ial_too_low"}
}

test_secret_needs_level_three if {
	secret := at_level("secret")
	low := baseline.decision with input as secret
	low.reasons == {"ial_too_low", "aal_too_low"}
	high := baseline.decision with input as object.union(secret, {"ial": "3", "aal": "3"})
	high.allow
	"secret_handling" in high.obligations
}

test_field_not_granted_is_withheld if {
	d := baseline.decision with input as object.union(base, {"requested_fields": ["first_name_th", "house_id"]})
	d.allow
	d.fields == {"first_name_th"}
	"field_not_granted:house_id" in d.reasons
}

test_unknown_field_is_withheld if {
	d := baseline.decision with input as object.union(base, {"requested_fields": ["first_name_th", "salary"]})
	d.fields == {"first_name_th"}
	"unknown_field:salary" in d.reasons
}

test_sensitive_needs_s26_basis if {
	inp := object.union(base, {"requested_fields": ["first_name_th", "religion"]})
	d := baseline.decision with input as inp
	d.fields == {"first_name_th"}
	"sensitive_needs_s26_basis:religion" in d.reasons
	ok := baseline.decision with input as object.union(inp, {"purpose": welfare})
	ok.fields == {"first_name_th", "religion"}
	"record_sensitive_access" in ok.obligations
}

test_nothing_left_is_a_deny if {
	d := baseline.decision with input as object.union(base, {"requested_fields": ["house_id"]})
	not d.allow
	d.reasons == {"no_fields_allowed", "field_not_granted:house_id"}
}

test_no_fields_requested if {
	d := baseline.decision with input as object.union(base, {"requested_fields": []})
	not d.allow
	"no_fields_requested" in d.reasons
}

test_grant_can_unmask_identifiers if {
	d := baseline.decision with input as object.union(base, {"grant": {"unmasked": ["citizen_id"]}})
	d.masks == {}
}

test_suspended_agency_denied if {
	d := baseline.decision with input as object.union(base, {"agency": {"status": "suspended"}})
	d.reasons == {"agency_suspended"}
}
