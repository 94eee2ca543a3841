package opendata

import (
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/catalog"
)

// AccessConditions states, in Thai and English, what it takes to read the
// dataset through the exchange and how to ask for it: the baseline policy
// of DESIGN.md ("Data governance") applied to the dataset's
// classification, assurance and field flags.
func AccessConditions(d catalog.Dataset) string {
	th, en := levelConditions(d)
	parts := []string{th, en}
	if sensitive(d) {
		parts = append(parts, "ชุดข้อมูลนี้มีข้อมูลอ่อนไหว (พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล มาตรา 26) "+
			"ต้องใช้วัตถุประสงค์ที่มีฐานทางกฎหมายตามมาตรา 26 รองรับ",
			"Its sensitive fields (PDPA s.26) are returned only for a purpose whose basis covers s.26.")
	}
	if d.Classification != catalog.TopSecret && d.Classification != catalog.Public {
		parts = append(parts, fmt.Sprintf("ขอรับสิทธิ์: ติดต่อผู้ดูแลข้อมูลของ %s เพื่อทำข้อตกลงการแลกเปลี่ยนข้อมูล "+
			"ระบุชุดข้อมูล วัตถุประสงค์ และฟิลด์ที่ต้องการ", d.Owner),
			fmt.Sprintf("To request access, ask the data steward of %s for a data-sharing grant naming this dataset (%s), "+
				"the purposes and the fields you need; the steward records it at the exchange.", d.Owner, d.ID))
	}
	return strings.Join(parts, "\n")
}

func levelConditions(d catalog.Dataset) (th, en string) {
	switch d.Classification {
	case catalog.Public:
		return "ชั้นความลับ: เปิดเผย — หน่วยงานที่ลงทะเบียนกับ gdx เรียกใช้ได้โดยไม่ต้องมีข้อตกลง",
			"Classification: public. Any agency registered at the exchange may read it; no grant is needed."
	case catalog.Internal:
		return "ชั้นความลับ: ใช้ภายใน — ต้องมีข้อตกลงการแลกเปลี่ยนข้อมูลกับเจ้าของข้อมูล",
			"Classification: internal. Readable by agencies holding a data-sharing grant with the owner."
	case catalog.Confidential, catalog.Secret:
		return fmt.Sprintf("ชั้นความลับ: %s — ต้องมีข้อตกลง วัตถุประสงค์ต้องอยู่ในข้อตกลง และเจ้าหน้าที่ต้องยืนยันตัวตนระดับ IAL %s AAL %s ขึ้นไป",
				d.Classification.ThaiName(), d.IAL, d.AAL),
			fmt.Sprintf("Classification: %s. Needs a grant, a purpose named in the grant, and an officer at IAL %s and AAL %s or higher.",
				d.Classification, d.IAL, d.AAL)
	case catalog.TopSecret:
		return "ชั้นความลับ: ลับที่สุด — ไม่เปิดให้เข้าถึงผ่าน gdx",
			"Classification: top secret. Never exchanged through gdx; only its description is published."
	}
	return "", ""
}

func sensitive(d catalog.Dataset) bool {
	for _, f := range d.Fields {
		if f.Sensitive {
			return true
		}
	}
	return false
}
