package digitalid

// label is one text of the login and error pages in both languages; the
// pages show both, Thai first, as Thai government sites do.
type label struct{ TH, EN string }

// Message keys of the pages.
const (
	msgTitle           = "title"
	msgIntro           = "intro"
	msgSimulator       = "simulator"
	msgPick            = "pick"
	msgOr              = "or"
	msgCitizenID       = "citizen_id"
	msgPassword        = "password"
	msgSignIn          = "sign_in"
	msgCancel          = "cancel"
	msgAssurance       = "assurance"
	msgErrorTitle      = "error_title"
	msgNotFound        = "not_found"
	msgBadClient       = "bad_client"
	msgBadRedirect     = "bad_redirect"
	msgBadForm         = "bad_form"
	msgLoginExpired    = "login_expired"
	msgTooManyAttempts = "too_many_attempts"
	msgUnknownCitizen  = "unknown_citizen"
	msgBadCitizenID    = "bad_citizen_id"
	msgBadPassword     = "bad_password"
	msgLocked          = "locked"
)

// labels is the pages' message catalogue.
var labels = map[string]label{
	msgTitle:     {"เข้าสู่ระบบด้วยดิจิทัลไอดี", "Sign in with Digital ID"},
	msgIntro:     {"บริการ %s ขอยืนยันตัวตนของท่าน", "The service %s asks to confirm who you are"},
	msgSimulator: {"ระบบจำลองสำหรับการสาธิต ไม่ใช่ดิจิทัลไอดีจริง", "A simulator for demonstrations, not the real Digital ID"},
	msgPick:      {"เลือกประชาชนตัวอย่าง", "Pick a demo citizen"},
	msgOr:        {"หรือกรอกเลขประจำตัวประชาชนและรหัสผ่านสาธิต", "or type a citizen id and the demo password"},
	msgCitizenID: {"เลขประจำตัวประชาชน 13 หลัก", "13-digit citizen id"},
	msgPassword:  {"รหัสผ่าน", "Password"},
	msgSignIn:    {"เข้าสู่ระบบ", "Sign in"},
	msgCancel:    {"ยกเลิก", "Cancel"},
	msgAssurance: {"ระดับความน่าเชื่อถือ", "Assurance"},

	msgErrorTitle:      {"ไม่สามารถดำเนินการได้", "This cannot be done"},
	msgNotFound:        {"ไม่พบหน้านี้", "There is no such page"},
	msgBadClient:       {"บริการที่ขอเข้าสู่ระบบไม่ได้ลงทะเบียนไว้", "The service asking you to sign in is not registered"},
	msgBadRedirect:     {"ที่อยู่สำหรับส่งกลับไม่ตรงกับที่ลงทะเบียนไว้", "The return address is not the one registered"},
	msgBadForm:         {"แบบฟอร์มไม่ถูกต้อง", "The form is malformed"},
	msgLoginExpired:    {"การเข้าสู่ระบบหมดเวลาแล้ว กรุณาเริ่มใหม่จากบริการ", "The sign-in has expired; start again from the service"},
	msgTooManyAttempts: {"กรอกรหัสผ่านผิดหลายครั้งเกินไป กรุณาเริ่มใหม่จากบริการ", "Too many wrong passwords; start again from the service"},
	msgUnknownCitizen:  {"ไม่พบประชาชนตัวอย่างที่เลือก", "No such demo citizen"},
	msgBadCitizenID:    {"เลขประจำตัวประชาชนไม่ถูกต้อง", "That is not a valid citizen id"},
	msgBadPassword:     {"รหัสผ่านไม่ถูกต้อง", "Wrong password"},
	msgLocked: {"เลขประจำตัวประชาชนนี้ถูกระงับการเข้าสู่ระบบ 15 นาที เนื่องจากกรอกรหัสผ่านผิดหลายครั้ง",
		"This citizen id is locked for 15 minutes after too many wrong passwords"},
}
