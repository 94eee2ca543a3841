package gdx.owner.dopa_test

import data.gdx.owner.dopa

request(purpose) := {
	"agency": {"code": "DLA", "status": "active"},
	"officer": {"sub": "officer-7"},
	"purpose": {"code": purpose, "basis": "public_task", "sensitive_basis": "legal_duty"},
	"ial": "2.3",
	"aal": "2",
	"dataset": {"id": "dopa.person", "owner": "DOPA", "classification": "confidential", "ial": "2.3", "aal": "2", "fields": []},
	"requested_fields": ["first_name_th", "religion"],
	"grant": null,
	"time": "2026-06-01T00:00:00Z",
}

test_religion_only_for_welfare if {
	d := dopa.decision with input as request("welfare_eligibility")
	d.fields == {"first_name_th", "religion"}
	d.reasons == set()
}

test_religion_withheld_for_other_purposes if {
	d := dopa.decision with input as request("licensing")
	d.allow
	d.fields == {"first_name_th"}
	d.reasons == {"owner_withheld:religion"}
}
