package explain

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gdx-exchange/gdx/catalog"
	"github.com/gdx-exchange/gdx/policies"
)

// texts explains the stable codes of policies/CONTRACT.md in English and
// Thai. A code not listed (an owner's own) is shown as it is.
var texts = map[string][2]string{
	policies.ReasonPolicyError:      {"the policy failed to evaluate (fail closed)", "ประเมินนโยบายไม่สำเร็จ จึงปฏิเสธไว้ก่อน"},
	policies.ReasonNoPolicy:         {"no policy is active", "ยังไม่มีนโยบายที่ใช้งาน"},
	policies.ReasonInvalidInput:     {"the lookup lacks agency, purpose, dataset or time", "คำขอขาดข้อมูลที่จำเป็น"},
	policies.ReasonTopSecret:        {"top secret data never leaves its owner", "ข้อมูลลับที่สุดไม่เปิดให้แลกเปลี่ยน"},
	policies.ReasonUnknownClass:     {"the dataset's classification is unknown", "ไม่ทราบชั้นความลับของชุดข้อมูล"},
	policies.ReasonAgencySuspended:  {"the agency is suspended", "หน่วยงานถูกระงับการใช้งาน"},
	policies.ReasonNoGrant:          {"no data-sharing grant with the owner", "ไม่มีข้อตกลงการใช้ข้อมูลร่วมกับเจ้าของข้อมูล"},
	policies.ReasonGrantExpired:     {"the grant has expired", "ข้อตกลงหมดอายุแล้ว"},
	policies.ReasonGrantNotYetValid: {"the grant has not started yet", "ข้อตกลงยังไม่เริ่มมีผล"},
	policies.ReasonGrantNotActive:   {"the grant is requested, refused or revoked, not active", "ข้อตกลงยังไม่อนุมัติ ถูกปฏิเสธ หรือถูกเพิกถอน"},
	policies.ReasonPurposeNotGrant:  {"the purpose is not in the grant", "วัตถุประสงค์ไม่อยู่ในข้อตกลง"},
	policies.ReasonIALTooLow:        {"the officer's identity assurance (IAL) is too low", "ระดับความน่าเชื่อถือของการพิสูจน์ตัวตน (IAL) ต่ำเกินไป"},
	policies.ReasonAALTooLow:        {"the officer's authentication assurance (AAL) is too low", "ระดับความน่าเชื่อถือของการยืนยันตัวตน (AAL) ต่ำเกินไป"},
	policies.ReasonNoFieldsAsked:    {"no field was requested", "ไม่ได้ระบุข้อมูลที่ต้องการ"},
	policies.ReasonNoFieldsAllowed:  {"every requested field is withheld", "ไม่มีข้อมูลที่ขอซึ่งได้รับอนุญาต"},
	policies.ReasonUnknownField:     {"not a field of the dataset", "ไม่มีข้อมูลนี้ในชุดข้อมูล"},
	policies.ReasonFieldNotGranted:  {"not among the grant's fields", "ไม่อยู่ในรายการข้อมูลตามข้อตกลง"},
	policies.ReasonSensitiveBasis:   {"sensitive data (PDPA s.26) and the purpose has no s.26 basis", "ข้อมูลอ่อนไหว (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล ม.26) แต่วัตถุประสงค์ไม่มีฐานตาม ม.26"},
	policies.ReasonOwnerDenied:      {"the owner's policy refuses", "นโยบายของเจ้าของข้อมูลไม่อนุญาต"},
	policies.ReasonOwnerWithheld:    {"the owner's policy withholds it", "นโยบายของเจ้าของข้อมูลระงับข้อมูลนี้"},

	policies.ObligationPersonalData:    {"use personal data only for the stated purpose (PDPA s.27)", "ใช้ข้อมูลส่วนบุคคลตามวัตถุประสงค์ที่แจ้งเท่านั้น (ม.27)"},
	policies.ObligationSensitiveAccess: {"record this as access to sensitive data; no further disclosure", "บันทึกว่าเข้าถึงข้อมูลอ่อนไหว และห้ามเปิดเผยต่อ"},
	policies.ObligationSecretHandling:  {"handle under the rules for secret documents", "ปฏิบัติตามระเบียบการรักษาความลับของทางราชการ"},

	policies.MaskPartial: {"masked: only the last 4 characters shown", "ปิดบังบางส่วน แสดงเพียง 4 ตัวท้าย"},
	policies.MaskHash:    {"replaced by a keyed hash", "แทนด้วยค่าแฮช"},
	policies.MaskRedact:  {"redacted", "ปิดบังทั้งหมด"},
}

func text(code string) string {
	if t, ok := texts[code]; ok {
		return t[0] + " / " + t[1]
	}
	return code
}

// WriteText renders the explanation for a terminal, in English and Thai.
func (ex Explanation) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	ex.writeRequest(tw)
	ex.writeDecision(tw)
	return tw.Flush()
}

func (ex Explanation) writeRequest(w io.Writer) {
	fmt.Fprintf(w, "Policy / นโยบาย\t%s (active, approved by %s)\n", ex.Version.Label(), orDash(ex.Version.Approver))
	a := ex.Agency
	fmt.Fprintf(w, "Agency / หน่วยงาน\t%s  %s / %s (%s)\n", a.Code, a.NameTH, a.NameEN, a.Status)
	p := ex.Purpose
	fmt.Fprintf(w, "Purpose / วัตถุประสงค์\t%s  %s / %s; basis %s, s.26 basis %s\n", p.Code, p.DescriptionTH,
		p.DescriptionEN, p.Basis, orDash(string(p.SensitiveBasis)))
	d := ex.Dataset
	fmt.Fprintf(w, "Dataset / ชุดข้อมูล\t%s  %s / %s; owner %s; %s (%s); needs IAL %s, AAL %s\n", d.ID, d.TitleTH,
		d.TitleEN, d.Owner, d.Classification, d.Classification.ThaiName(), d.IAL, d.AAL)
	levels := fmt.Sprintf("IAL %s, AAL %s", ex.IAL, ex.AAL)
	if ex.Assumed {
		levels += " (a level not given is the dataset's own; give --ial and --aal to try others)"
	}
	fmt.Fprintf(w, "Officer / เจ้าหน้าที่\t%s\n", levels)
	fmt.Fprintf(w, "Grant / ข้อตกลง\t%s\n", grantLine(ex.Grant))
	fmt.Fprintf(w, "Requested / ขอ\t%s\n\n", strings.Join(ex.Fields, ", "))
}

func grantLine(g *catalog.Grant) string {
	if g == nil {
		return "none / ไม่มี"
	}
	return fmt.Sprintf("%s: %s, %s to %s; purposes %s; %d fields", g.ID, g.Status, g.ValidFrom.Format(time.DateOnly),
		g.ValidTo.Format(time.DateOnly), strings.Join(g.Purposes, ", "), len(g.Fields))
}

func (ex Explanation) writeDecision(w io.Writer) {
	d := ex.Decision
	verdict := "DENIED / ไม่อนุญาต"
	if d.Allow {
		verdict = "ALLOWED / อนุญาต"
	}
	fmt.Fprintf(w, "Decision / ผลการพิจารณา\t%s (decision %s by %s)\n\n", verdict, d.ID, d.PolicyVersion)
	fmt.Fprintf(w, "Returned / ข้อมูลที่จะได้รับ (%d)\n", len(d.Fields))
	for _, f := range d.Fields {
		note := "in clear / แสดงตามจริง"
		if m, ok := d.Masks[f]; ok {
			note = text(m)
		}
		fmt.Fprintf(w, "  %s\t%s\n", f, note)
	}
	withheld := d.Withheld()
	fmt.Fprintf(w, "Withheld / ข้อมูลที่ไม่ได้รับ (%d)\n", len(withheld))
	for _, f := range sortedKeys(withheld) {
		for _, code := range withheld[f] {
			fmt.Fprintf(w, "  %s\t%s: %s\n", f, code, text(code))
		}
	}
	ex.writeCodes(w, "Reasons / เหตุผล", lookupReasons(d))
	ex.writeCodes(w, "Obligations / หน้าที่ของผู้รับข้อมูล", d.Obligations)
}

func (ex Explanation) writeCodes(w io.Writer, title string, codes []string) {
	if len(codes) == 0 {
		return
	}
	fmt.Fprintln(w, title)
	for _, c := range codes {
		fmt.Fprintf(w, "  %s\t%s\n", c, text(c))
	}
}

// lookupReasons returns the reasons about the whole lookup, not a field.
func lookupReasons(d policies.Decision) []string {
	var out []string
	for _, r := range d.Reasons {
		if _, field := policies.ParseReason(r); field == "" {
			out = append(out, r)
		}
	}
	return out
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
