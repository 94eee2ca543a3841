package policies

import (
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Input is what a policy sees of one lookup: who asks, why, with what
// assurance, for which fields of which dataset, under which grant, and
// when. Its JSON form is the Rego `input` document, checked at compile
// time against InputSchema. CONTRACT.md documents every member.
//
// NOTE: Input never carries the record key: a policy decides on who may
// see which fields, not on whose record it is, and the decision log that
// stores a summary of the input must not hold raw citizen or juristic ids.
type Input struct {
	Agency          InputAgency  `json:"agency"`
	Officer         InputOfficer `json:"officer"`
	Purpose         InputPurpose `json:"purpose"`
	IAL             catalog.IAL  `json:"ial"`
	AAL             catalog.AAL  `json:"aal"`
	Dataset         InputDataset `json:"dataset"`
	RequestedFields []string     `json:"requested_fields"`
	// Grant is the grant between the agency and the dataset, whatever its
	// status and validity (the policy judges both), or nil (JSON null).
	Grant *InputGrant `json:"grant"`
	// Time is the moment of the lookup; JSON renders it in RFC 3339.
	Time time.Time `json:"time"`
}

// InputAgency is the consumer agency that asks.
type InputAgency struct {
	Code   string               `json:"code"`
	Status catalog.AgencyStatus `json:"status"`
}

// InputOfficer is the acting officer, by the pseudonymous subject of the
// request JWT.
type InputOfficer struct {
	Sub string `json:"sub"`
}

// InputPurpose is the purpose of the lookup with its PDPA bases.
type InputPurpose struct {
	Code           string                 `json:"code"`
	Basis          catalog.LawfulBasis    `json:"basis"`
	SensitiveBasis catalog.SensitiveBasis `json:"sensitive_basis"`
}

// InputDataset is the metadata of the dataset asked for.
type InputDataset struct {
	ID             string                 `json:"id"`
	Owner          string                 `json:"owner"`
	Classification catalog.Classification `json:"classification"`
	IAL            catalog.IAL            `json:"ial"`
	AAL            catalog.AAL            `json:"aal"`
	Fields         []InputField           `json:"fields"`
}

// InputField is one field of the dataset with its PDPA flags.
type InputField struct {
	Name       string `json:"name"`
	Personal   bool   `json:"personal"`
	Sensitive  bool   `json:"sensitive"`
	Identifier bool   `json:"identifier"`
}

// InputGrant is the data-sharing grant between the agency and the dataset.
type InputGrant struct {
	ID        string              `json:"id"`
	Purposes  []string            `json:"purposes"`
	Fields    []string            `json:"fields"`
	Unmasked  []string            `json:"unmasked"`
	ValidFrom time.Time           `json:"valid_from"`
	ValidTo   time.Time           `json:"valid_to"`
	Status    catalog.GrantStatus `json:"status"`
}

// Request names the parts of a lookup that NewInput puts together.
type Request struct {
	Agency    catalog.Agency
	Officer   string
	Purpose   catalog.Purpose
	IAL       catalog.IAL
	AAL       catalog.AAL
	Dataset   catalog.Dataset
	Requested []string
	// Grant is the grant between the agency and the dataset, or nil.
	Grant *catalog.Grant
	Time  time.Time
}

// NewInput builds the policy input of a lookup from catalog values.
func NewInput(r Request) Input {
	in := Input{
		Agency:          InputAgency{Code: r.Agency.Code, Status: r.Agency.Status},
		Officer:         InputOfficer{Sub: r.Officer},
		Purpose:         InputPurpose{Code: r.Purpose.Code, Basis: r.Purpose.Basis, SensitiveBasis: r.Purpose.SensitiveBasis},
		IAL:             r.IAL,
		AAL:             r.AAL,
		Dataset:         datasetInput(r.Dataset),
		RequestedFields: nonNil(r.Requested),
		Time:            r.Time.UTC(),
	}
	if r.Grant != nil {
		in.Grant = grantInput(*r.Grant)
	}
	return in
}

func datasetInput(d catalog.Dataset) InputDataset {
	fields := make([]InputField, len(d.Fields))
	for i, f := range d.Fields {
		fields[i] = InputField{Name: f.Name, Personal: f.Personal, Sensitive: f.Sensitive, Identifier: f.Identifier}
	}
	return InputDataset{ID: d.ID, Owner: d.Owner, Classification: d.Classification, IAL: d.IAL, AAL: d.AAL, Fields: fields}
}

func grantInput(g catalog.Grant) *InputGrant {
	return &InputGrant{ID: g.ID, Purposes: nonNil(g.Purposes), Fields: nonNil(g.Fields), Unmasked: nonNil(g.Unmasked),
		ValidFrom: g.ValidFrom.UTC(), ValidTo: g.ValidTo.UTC(), Status: g.Status}
}

// nonNil returns xs, or an empty slice for nil, so that JSON shows [] and
// the schema's array type holds.
func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// Validate checks that the input has the parts every policy relies on.
// Errors: invalid.
func (in Input) Validate() error {
	switch {
	case in.Agency.Code == "":
		return catalog.Errorf(catalog.KindInvalid, "policy input: agency code is empty")
	case in.Purpose.Code == "":
		return catalog.Errorf(catalog.KindInvalid, "policy input: purpose code is empty")
	case in.Dataset.ID == "" || in.Dataset.Owner == "":
		return catalog.Errorf(catalog.KindInvalid, "policy input: dataset id or owner is empty")
	case in.Time.IsZero():
		return catalog.Errorf(catalog.KindInvalid, "policy input: time is zero")
	}
	return nil
}

// value converts the input to OPA's AST form directly, skipping the JSON
// round trip rego.EvalInput would make on every decision.
func (in Input) value() ast.Value {
	var grant ast.Value = ast.Null{}
	if in.Grant != nil {
		grant = in.Grant.value()
	}
	return in.valueWith(in.Dataset.value(), grant)
}

// valueWith is value with the dataset's and the grant's values already
// built (the grant's is null when there is none).
func (in Input) valueWith(dataset, grant ast.Value) ast.Value {
	return in.valueOf(in.Agency.value(), in.Purpose.value(), dataset, grant)
}

// valueOf is value with the agency's, the purpose's, the dataset's and
// the grant's values already built.
func (in Input) valueOf(agency, purpose, dataset, grant ast.Value) ast.Value {
	return ast.NewObject(
		item("agency", agency),
		item("officer", ast.NewObject(item("sub", ast.String(in.Officer.Sub)))),
		item("purpose", purpose),
		item("ial", ast.String(in.IAL)),
		item("aal", ast.String(in.AAL)),
		item("dataset", dataset),
		item("requested_fields", stringArray(in.RequestedFields)),
		item("grant", grant),
		item("time", rfc3339(in.Time)),
	)
}

func (a InputAgency) value() ast.Value {
	return ast.NewObject(item("code", ast.String(a.Code)), item("status", ast.String(a.Status)))
}

func (p InputPurpose) value() ast.Value {
	return ast.NewObject(
		item("code", ast.String(p.Code)),
		item("basis", ast.String(p.Basis)),
		item("sensitive_basis", ast.String(p.SensitiveBasis)))
}

func (d InputDataset) value() ast.Value {
	fields := make([]*ast.Term, len(d.Fields))
	for i, f := range d.Fields {
		fields[i] = ast.NewTerm(ast.NewObject(
			item("name", ast.String(f.Name)),
			item("personal", ast.Boolean(f.Personal)),
			item("sensitive", ast.Boolean(f.Sensitive)),
			item("identifier", ast.Boolean(f.Identifier))))
	}
	return ast.NewObject(
		item("id", ast.String(d.ID)),
		item("owner", ast.String(d.Owner)),
		item("classification", ast.String(d.Classification)),
		item("ial", ast.String(d.IAL)),
		item("aal", ast.String(d.AAL)),
		item("fields", ast.NewArray(fields...)),
	)
}

func (g InputGrant) value() ast.Value {
	return ast.NewObject(
		item("id", ast.String(g.ID)),
		item("purposes", stringArray(g.Purposes)),
		item("fields", stringArray(g.Fields)),
		item("unmasked", stringArray(g.Unmasked)),
		item("valid_from", rfc3339(g.ValidFrom)),
		item("valid_to", rfc3339(g.ValidTo)),
		item("status", ast.String(g.Status)),
	)
}

func item(key string, v ast.Value) [2]*ast.Term {
	k, ok := inputKeys[key]
	if !ok {
		k = ast.StringTerm(key)
	}
	return [2]*ast.Term{k, ast.NewTerm(v)}
}

// inputKeys are the member names of the input as terms, made once: OPA
// never changes a term of its input, so every input shares them.
var inputKeys = map[string]*ast.Term{}

func init() {
	for _, k := range []string{"agency", "officer", "purpose", "ial", "aal", "dataset", "requested_fields", "grant", "time",
		"code", "status", "sub", "basis", "sensitive_basis", "id", "owner", "classification", "fields",
		"name", "personal", "sensitive", "identifier", "purposes", "unmasked", "valid_from", "valid_to"} {
		inputKeys[k] = ast.StringTerm(k)
	}
}

// stringArray converts a list; nil becomes the empty array, as the schema
// wants.
func stringArray(xs []string) ast.Value {
	terms := make([]*ast.Term, len(xs))
	for i, x := range xs {
		terms[i] = ast.StringTerm(x)
	}
	return ast.NewArray(terms...)
}

func rfc3339(t time.Time) ast.Value { return ast.String(t.UTC().Format(time.RFC3339Nano)) }
