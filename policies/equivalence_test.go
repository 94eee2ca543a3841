package policies

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// equivalenceCases is how many generated inputs TestRewriteEquivalence
// decides with both sets.
const equivalenceCases = 600

// TestRewriteEquivalence decides generated lookups with the demo set and
// with the set it replaced (per-field rules, kept in testdata/oldrego for
// this test only) and requires the same decision from both: the same
// allow, fields, masks, reasons and obligations once joined in Go, and
// the same raw `decision` document from every layer.
func TestRewriteEquivalence(t *testing.T) {
	old := mustCompile(t, "v-eq", oldRego(t))
	cur := mustCompile(t, "v-eq", DemoSet())
	rng := rand.New(rand.NewPCG(11, 5))
	ctx := context.Background()
	allowed, withheld := 0, 0
	for i := range equivalenceCases {
		in := atResolution(generatedInput(rng))
		want, wantErr := old.decide(ctx, in)
		got, gotErr := cur.decide(ctx, in)
		if (wantErr == nil) != (gotErr == nil) || !reflect.DeepEqual(want, got) {
			t.Fatalf("case %d: decisions differ for %+v\n old %+v (err %v)\n new %+v (err %v)", i, in, want, wantErr, got, gotErr)
		}
		if want, got := rawLayers(t, old, in), rawLayers(t, cur, in); !reflect.DeepEqual(want, got) {
			t.Fatalf("case %d: raw layer results differ for %+v\n old %v\n new %v", i, in, want, got)
		}
		if want.Allow {
			allowed++
		}
		if len(want.Withheld()) > 0 {
			withheld++
		}
	}
	// NOTE: a generator that only makes denials would prove little.
	if allowed < equivalenceCases/20 || withheld < equivalenceCases/10 || allowed == equivalenceCases {
		t.Fatalf("generated cases: %d allowed, %d with withheld fields, of %d", allowed, withheld, equivalenceCases)
	}
}

// rawLayers evaluates the layers' decision documents, before Go joins
// and normalises them.
func rawLayers(t *testing.T, p *Policy, in Input) map[string]any {
	t.Helper()
	q, ok := p.owners[OwnerKey(in.Dataset.Owner)]
	if !ok {
		q = p.base
	}
	rs, err := q.Eval(context.Background(), rego.EvalParsedInput(in.value()))
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	if len(rs) == 0 {
		return nil
	}
	out := map[string]any{}
	for k, v := range rs[0].Bindings {
		if out[k], err = ast.JSONWithOpt(v.(ast.Value), ast.JSONOpt{SortSets: true}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// oldRego reads the replaced policy set from testdata/oldrego.
func oldRego(t *testing.T) Modules {
	t.Helper()
	root := filepath.Join("testdata", "oldrego")
	mods := Modules{}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		mods[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil || len(mods) == 0 {
		t.Fatalf("read %s: %d modules, %v", root, len(mods), err)
	}
	return mods
}

var (
	eqFields = []InputField{
		{Name: "citizen_id", Personal: true, Identifier: true},
		{Name: "first_name_th", Personal: true},
		{Name: "religion", Personal: true, Sensitive: true},
		{Name: "health", Personal: true, Sensitive: true, Identifier: true},
		{Name: "house_id", Identifier: true},
		{Name: "capital"},
		{Name: "province"},
		{Name: "birth_date", Personal: true},
	}
	eqLevels   = []catalog.Classification{"public", "internal", "confidential", "confidential", "secret", "top_secret", "restricted"}
	eqIALs     = []catalog.IAL{"1", "2.1", "2.2", "2.3", "3", "9"}
	eqAALs     = []catalog.AAL{"1", "2", "3", "0"}
	eqPurposes = []string{"licensing", "welfare_eligibility", "tax_assessment"}
	eqBases    = []catalog.SensitiveBasis{"", "", "explicit_consent", "legal_duty", "made_up"}
	eqStatuses = []catalog.GrantStatus{"active", "active", "active", "requested", "refused", "revoked"}
)

// generatedInput returns a random lookup: either owner (DOPA has an owner
// module, RD none), any level, assurance, purpose and s.26 basis, a
// random dataset of the field pool, requested fields that may be unknown
// or none, and a grant that may be missing, inactive, not yet valid,
// expired or valid.
func generatedInput(rng *rand.Rand) Input {
	pick := func(n int) int { return rng.IntN(n) }
	owner := []string{"DOPA", "RD"}[pick(2)]
	ds := InputDataset{ID: "ds", Owner: owner, Classification: eqLevels[pick(len(eqLevels))],
		IAL: eqIALs[pick(5)], AAL: eqAALs[pick(3)], Fields: subset(rng, eqFields)}
	names := make([]string, len(eqFields))
	for i, f := range eqFields {
		names[i] = f.Name
	}
	requested := subset(rng, append(names, "salary"))
	if pick(4) == 0 {
		requested = names
	}
	in := Input{
		Agency:          InputAgency{Code: "DLA", Status: []catalog.AgencyStatus{"active", "active", "active", "suspended"}[pick(4)]},
		Officer:         InputOfficer{Sub: "officer-7"},
		Purpose:         InputPurpose{Code: eqPurposes[pick(3)], Basis: "public_task", SensitiveBasis: eqBases[pick(len(eqBases))]},
		IAL:             eqIALs[pick(len(eqIALs))],
		AAL:             eqAALs[pick(len(eqAALs))],
		Dataset:         ds,
		RequestedFields: nonNil(requested),
		Time:            testNow.Add(time.Duration(pick(1000)) * time.Millisecond),
	}
	if pick(5) > 0 {
		from := testNow.Add([]time.Duration{-time.Hour, -time.Hour, -time.Hour, time.Hour, -48 * time.Hour}[pick(5)])
		to := from.Add([]time.Duration{24 * time.Hour, 24 * time.Hour, time.Hour / 2}[pick(3)])
		in.Grant = &InputGrant{ID: "g", Purposes: nonNil(subset(rng, eqPurposes)), Fields: nonNil(subset(rng, names)),
			Unmasked: nonNil(subset(rng, names)), ValidFrom: from, ValidTo: to, Status: eqStatuses[pick(len(eqStatuses))]}
	}
	return in
}

// subset returns each element of xs with even odds, in order.
func subset[T any](rng *rand.Rand, xs []T) []T {
	var out []T
	for _, x := range xs {
		if rng.IntN(2) == 0 {
			out = append(out, x)
		}
	}
	return out
}
