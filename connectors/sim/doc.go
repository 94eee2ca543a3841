// Package sim runs simulators of the backing agencies' registries for `gdx
// demo` and the tests: HTTP servers over mutual TLS that answer in the real
// services' shapes (not gdx's), serve the synthetic population of
// connectors/synth, and can be told to misbehave.
//
// Civil registry (the Department of Provincial Administration's Linkage
// Center), CivilRegistry:
//
//	GET /linkage/v1/population/{personalID}   person by 13-digit citizen id
//	GET /linkage/v1/house/{houseID}           house by 11-digit house id, with members
//
// A person is {"personalID", "titleDesc", "firstName", "middleName",
// "lastName", "englishTitleDesc", "englishFirstName", "englishMiddleName",
// "englishLastName", "dateOfBirth" (Buddhist-era yyyymmdd integer, e.g.
// 25300115), "genderCode", "genderDesc" (ชาย/หญิง), "nationalityCode",
// "nationalityDesc", "religionDesc", "statusOfPersonCode",
// "statusOfPersonDesc" (มีชีวิต/ตาย), "dateOfDeath" (0 when alive),
// "dateOfMoveIn", "houseID" (integer), "houseNo", "villageNo" (integer, 0
// for none), "alleyDesc", "roadDesc", "subdistrictDesc", "districtDesc",
// "provinceDesc", "postcode"}. A house has the same address fields and
// "members": [{"personalID", "titleDesc", "firstName", "lastName",
// "genderDesc", "dateOfBirth", "statusOfPersonDesc", "houseRelationDesc"
// (เจ้าบ้าน/ผู้อาศัย)}]. Errors are {"Code": int, "Message": string} with
// 400 for a malformed id and 404 for an unknown one.
//
// Juristic registry (the Department of Business Development's juristic
// profile v4), JuristicRegistry:
//
//	GET /api/v4/juristic-profile/{juristicID}
//
// answers {"ResultCode", "ResultDescription", "ResultList": [{"JuristicType",
// "JuristicID", "RegisterDate" (Buddhist-era "yyyymmdd" string),
// "JuristicName_TH", "JuristicName_EN", "RegisterCapital" (number, baht),
// "JuristicStatus", "CommitteeInformations": [{"Sequence", "TitleName",
// "FirstName", "LastName", "PositionName"}], "AddressInformations":
// [{"AddressType", "AddressNo", "Building", "Moo", "Soi", "Road", "Tumbol",
// "Ampur", "Province", "PostCode"}], "StandardObjectiveInformations":
// [{"ObjectiveCode", "ObjectiveDescription"}]}]}. An unknown id is 200 with an
// empty ResultList, as the real service does; a malformed one is 400 with
// ResultCode "E400".
//
// Both accept only clients whose certificate chains to the exchange CA and
// names a gateway (SAN URI urn:gdx:gateway:<name>); any other client fails
// the TLS handshake. Faults (latency, error rate, garbage bodies, hangs) are
// set at start, at run time through Server.SetFaults and FailNext, or over
// the same mTLS connection at GET/PUT /_sim/faults.
//
// NOTE: sim imports catalog (for the check digit), certs and
// connectors/synth, never connectors itself: the connectors are tested
// against it as against a stranger, with wire types written separately on
// each side.
package sim
