package synth

import (
	"fmt"
	"strconv"
	"strings"
)

// Province is one of Thailand's 77 provinces (Bangkok counted as one).
type Province struct {
	// Code is the two-digit postcode prefix of the province.
	Code   string
	NameTH string
	NameEN string
	// Districts are a few real districts (อำเภอ, or เขต in Bangkok).
	Districts []District
	weight    int // relative share of houses and companies
	muslimPct int // share of Muslim families, per cent
}

// District is a district with its postcode and a few subdistricts (ตำบล, or
// แขวง in Bangkok).
type District struct {
	NameTH       string
	NameEN       string
	Postcode     string
	Subdistricts []string
}

// commonSubdistricts are subdistrict names that recur all over the country;
// they pad out districts for which the table lists none.
var commonSubdistricts = []string{
	"ในเมือง", "บ้านใหม่", "หนองบัว", "บ้านกลาง", "ท่าช้าง", "วังทอง", "หนองแก", "โนนสูง",
	"บ้านเหล่า", "ดอนแก้ว", "ทุ่งใหญ่", "ป่าแดง", "บ้านดู่", "หัวเวียง", "ท่าทราย", "นาดี",
}

// provinceTable lists the provinces, one a line:
// postcode prefix|Thai name|English name|weight|Muslim %|districts, where
// districts are "Thai:English:postcode:subdistrict/subdistrict…" separated by
// ";" and the Thai name "@" stands for the province's Mueang district.
const provinceTable = `
10|กรุงเทพมหานคร|Bangkok|12|4|พระนคร:Phra Nakhon:10200:พระบรมมหาราชวัง/วังบูรพาภิรมย์/ชนะสงคราม/บวรนิเวศ;ปทุมวัน:Pathum Wan:10330:ลุมพินี/ปทุมวัน/รองเมือง/วังใหม่;บางรัก:Bang Rak:10500:สีลม/สุริยวงศ์/บางรัก/มหาพฤฒาราม;จตุจักร:Chatuchak:10900:ลาดยาว/จตุจักร/จอมพล/เสนานิคม;ห้วยขวาง:Huai Khwang:10310:ห้วยขวาง/บางกะปิ/สามเสนนอก;คลองเตย:Khlong Toei:10110:คลองเตย/คลองตัน/พระโขนง;บางกะปิ:Bang Kapi:10240:คลองจั่น/หัวหมาก;ลาดพร้าว:Lat Phrao:10230:ลาดพร้าว/จรเข้บัว;ดอนเมือง:Don Mueang:10210:สีกัน/ดอนเมือง/สนามบิน;บางเขน:Bang Khen:10220:อนุสาวรีย์/ท่าแร้ง;สาทร:Sathon:10120:ทุ่งมหาเมฆ/ยานนาวา/ทุ่งวัดดอน;บางนา:Bang Na:10260:บางนาเหนือ/บางนาใต้
10|สมุทรปราการ|Samut Prakan|3|1|@::10270:ปากน้ำ/สำโรงเหนือ/บางเมือง/เทพารักษ์;บางพลี:Bang Phli:10540:บางพลีใหญ่/บางแก้ว/ราชาเทวะ;พระประแดง:Phra Pradaeng:10130:ตลาด/บางพึ่ง/บางครุ
11|นนทบุรี|Nonthaburi|3|1|@::11000:สวนใหญ่/ตลาดขวัญ/บางกระสอ/ท่าทราย;ปากเกร็ด:Pak Kret:11120:ปากเกร็ด/บางตลาด/คลองเกลือ;บางใหญ่:Bang Yai:11140:บางแม่นาง/เสาธงหิน
12|ปทุมธานี|Pathum Thani|3|1|@::12000:บางปรอก/บ้านใหม่/บางหลวง;คลองหลวง:Khlong Luang:12120:คลองหนึ่ง/คลองสอง;ธัญบุรี:Thanyaburi:12110:ประชาธิปัตย์/รังสิต
13|พระนครศรีอยุธยา|Phra Nakhon Si Ayutthaya|2|2|พระนครศรีอยุธยา:Phra Nakhon Si Ayutthaya:13000:ประตูชัย/หอรัตนไชย/ท่าวาสุกรี;บางปะอิน:Bang Pa-in:13160:บ้านเลน/บ้านกรด;วังน้อย:Wang Noi:13170:
14|อ่างทอง|Ang Thong|1|0|@::14000:ตลาดหลวง/บางแก้ว;วิเศษชัยชาญ:Wiset Chai Chan:14110:
15|ลพบุรี|Lop Buri|2|0|@::15000:ท่าหิน/ทะเลชุบศร;บ้านหมี่:Ban Mi:15110:
16|สิงห์บุรี|Sing Buri|1|0|@::16000:บางพุทรา/บางมัญ;อินทร์บุรี:In Buri:16110:
17|ชัยนาท|Chai Nat|1|0|@::17000:ในเมือง/บ้านกล้วย;สรรคบุรี:Sankhaburi:17140:
18|สระบุรี|Saraburi|2|0|@::18000:ปากเพรียว/ดาวเรือง;แก่งคอย:Kaeng Khoi:18110:;พระพุทธบาท:Phra Phutthabat:18120:
20|ชลบุรี|Chon Buri|3|1|@::20000:บางปลาสร้อย/มะขามหย่ง/บ้านสวน;บางละมุง:Bang Lamung:20150:หนองปรือ/นาเกลือ;ศรีราชา:Si Racha:20110:ศรีราชา/สุรศักดิ์
21|ระยอง|Rayong|2|0|@::21000:ท่าประดู่/เชิงเนิน/เนินพระ;ปลวกแดง:Pluak Daeng:21140:;บ้านฉาง:Ban Chang:21130:
22|จันทบุรี|Chanthaburi|1|0|@::22000:ตลาด/วัดใหม่/จันทนิมิต;ท่าใหม่:Tha Mai:22120:
23|ตราด|Trat|1|1|@::23000:บางพระ/วังกระแจะ;เกาะช้าง:Ko Chang:23170:
24|ฉะเชิงเทรา|Chachoengsao|2|2|@::24000:หน้าเมือง/บ้านใหม่;บางปะกง:Bang Pakong:24130:
25|ปราจีนบุรี|Prachin Buri|1|0|@::25000:หน้าเมือง/รอบเมือง;กบินทร์บุรี:Kabin Buri:25110:
26|นครนายก|Nakhon Nayok|1|1|@::26000:นครนายก/ท่าช้าง;บ้านนา:Ban Na:26110:
27|สระแก้ว|Sa Kaeo|1|0|@::27000:สระแก้ว/บ้านแก้ง;อรัญประเทศ:Aranyaprathet:27120:
30|นครราชสีมา|Nakhon Ratchasima|4|0|@::30000:ในเมือง/โพธิ์กลาง/หนองจะบก;ปากช่อง:Pak Chong:30130:ปากช่อง/หมูสี;พิมาย:Phimai:30110:
31|บุรีรัมย์|Buri Ram|3|0|@::31000:ในเมือง/อิสาณ;นางรอง:Nang Rong:31110:
32|สุรินทร์|Surin|2|0|@::32000:ในเมือง/นอกเมือง;ปราสาท:Prasat:32140:
33|ศรีสะเกษ|Si Sa Ket|2|0|@::33000:เมืองใต้/เมืองเหนือ;กันทรลักษ์:Kantharalak:33110:
34|อุบลราชธานี|Ubon Ratchathani|3|0|@::34000:ในเมือง/แจระแม;วารินชำราบ:Warin Chamrap:34190:
35|ยโสธร|Yasothon|1|0|@::35000:ในเมือง/ตาดทอง;เลิงนกทา:Loeng Nok Tha:35120:
36|ชัยภูมิ|Chaiyaphum|2|0|@::36000:ในเมือง/รอบเมือง;ภูเขียว:Phu Khiao:36110:
37|อำนาจเจริญ|Amnat Charoen|1|0|@::37000:บุ่ง/ไก่คำ;ปทุมราชวงศา:Pathum Ratchawongsa:37110:
38|บึงกาฬ|Bueng Kan|1|0|@::38000:บึงกาฬ/วิศิษฐ์;เซกา:Seka:38150:
39|หนองบัวลำภู|Nong Bua Lam Phu|1|0|@::39000:หนองบัว/ลำภู;ศรีบุญเรือง:Si Bun Rueang:39180:
40|ขอนแก่น|Khon Kaen|3|0|@::40000:ในเมือง/ศิลา/บ้านเป็ด;ชุมแพ:Chum Phae:40130:;บ้านไผ่:Ban Phai:40110:
41|อุดรธานี|Udon Thani|3|0|@::41000:หมากแข้ง/บ้านเลื่อม;กุมภวาปี:Kumphawapi:41110:
42|เลย|Loei|1|0|@::42000:กุดป่อง/เมือง;เชียงคาน:Chiang Khan:42110:
43|หนองคาย|Nong Khai|1|0|@::43000:ในเมือง/มีชัย;ท่าบ่อ:Tha Bo:43110:
44|มหาสารคาม|Maha Sarakham|2|0|@::44000:ตลาด/ขามเรียง;กันทรวิชัย:Kantharawichai:44150:
45|ร้อยเอ็ด|Roi Et|2|0|@::45000:ในเมือง/รอบเมือง;เสลภูมิ:Selaphum:45120:
46|กาฬสินธุ์|Kalasin|2|0|@::46000:กาฬสินธุ์/เหนือ;ยางตลาด:Yang Talat:46120:
47|สกลนคร|Sakon Nakhon|2|0|@::47000:ธาตุเชิงชุม/ธาตุนาเวง;สว่างแดนดิน:Sawang Daen Din:47110:
48|นครพนม|Nakhon Phanom|1|0|@::48000:ในเมือง/หนองญาติ;ธาตุพนม:That Phanom:48110:
49|มุกดาหาร|Mukdahan|1|0|@::49000:มุกดาหาร/ศรีบุญเรือง;คำชะอี:Khamcha-i:49110:
50|เชียงใหม่|Chiang Mai|3|1|@::50000:ศรีภูมิ/พระสิงห์/ช้างคลาน/สุเทพ;สันทราย:San Sai:50210:;หางดง:Hang Dong:50230:;แม่ริม:Mae Rim:50180:
51|ลำพูน|Lamphun|1|0|@::51000:ในเมือง/ต้นธง;ป่าซาง:Pa Sang:51120:
52|ลำปาง|Lampang|1|0|@::52000:หัวเวียง/สวนดอก/สบตุ๋ย;เกาะคา:Ko Kha:52130:
53|อุตรดิตถ์|Uttaradit|1|0|@::53000:ท่าอิฐ/ท่าเสา;พิชัย:Phichai:53120:
54|แพร่|Phrae|1|0|@::54000:ในเวียง/นาจักร;เด่นชัย:Den Chai:54110:
55|น่าน|Nan|1|0|@::55000:ในเวียง/ดู่ใต้;ปัว:Pua:55120:
56|พะเยา|Phayao|1|0|@::56000:เวียง/แม่ต๋ำ;เชียงคำ:Chiang Kham:56110:
57|เชียงราย|Chiang Rai|2|0|@::57000:เวียง/รอบเวียง/บ้านดู่;แม่สาย:Mae Sai:57130:;เชียงแสน:Chiang Saen:57150:
58|แม่ฮ่องสอน|Mae Hong Son|1|0|@::58000:จองคำ/ปางหมู;ปาย:Pai:58130:
60|นครสวรรค์|Nakhon Sawan|2|0|@::60000:ปากน้ำโพ/นครสวรรค์ตก/นครสวรรค์ออก;ตาคลี:Takhli:60140:
61|อุทัยธานี|Uthai Thani|1|0|@::61000:อุทัยใหม่/น้ำซึม;หนองฉาง:Nong Chang:61110:
62|กำแพงเพชร|Kamphaeng Phet|1|0|@::62000:ในเมือง/นครชุม;ขาณุวรลักษบุรี:Khanu Woralaksaburi:62130:
63|ตาก|Tak|1|1|@::63000:ระแหง/หนองหลวง;แม่สอด:Mae Sot:63110:
64|สุโขทัย|Sukhothai|1|0|@::64000:ธานี/บ้านกล้วย;สวรรคโลก:Sawankhalok:64110:
65|พิษณุโลก|Phitsanulok|2|0|@::65000:ในเมือง/อรัญญิก/บ้านคลอง;วังทอง:Wang Thong:65130:
66|พิจิตร|Phichit|1|0|@::66000:ในเมือง/ท่าฬ่อ;ตะพานหิน:Taphan Hin:66110:
67|เพชรบูรณ์|Phetchabun|2|0|@::67000:ในเมือง/สะเดียง;หล่มสัก:Lom Sak:67110:
70|ราชบุรี|Ratchaburi|2|0|@::70000:หน้าเมือง/ดอนตะโก;บ้านโป่ง:Ban Pong:70110:;โพธาราม:Photharam:70120:
71|กาญจนบุรี|Kanchanaburi|2|0|@::71000:บ้านเหนือ/ท่ามะขาม/ปากแพรก;ท่าม่วง:Tha Muang:71110:
72|สุพรรณบุรี|Suphan Buri|2|0|@::72000:ท่าพี่เลี้ยง/รั้วใหญ่;อู่ทอง:U Thong:72160:
73|นครปฐม|Nakhon Pathom|2|0|@::73000:พระปฐมเจดีย์/บ่อพลับ;สามพราน:Sam Phran:73110:;นครชัยศรี:Nakhon Chai Si:73120:
74|สมุทรสาคร|Samut Sakhon|1|1|@::74000:มหาชัย/ท่าฉลอม;กระทุ่มแบน:Krathum Baen:74110:
75|สมุทรสงคราม|Samut Songkhram|1|0|@::75000:แม่กลอง/บางจะเกร็ง;อัมพวา:Amphawa:75110:
76|เพชรบุรี|Phetchaburi|1|1|@::76000:ท่าราบ/คลองกระแชง;ชะอำ:Cha-am:76120:
77|ประจวบคีรีขันธ์|Prachuap Khiri Khan|1|2|@::77000:ประจวบคีรีขันธ์/เกาะหลัก;หัวหิน:Hua Hin:77110:หัวหิน/หนองแก
80|นครศรีธรรมราช|Nakhon Si Thammarat|3|8|@::80000:ในเมือง/ท่าวัง/คลัง;ทุ่งสง:Thung Song:80110:
81|กระบี่|Krabi|1|35|@::81000:ปากน้ำ/กระบี่น้อย;อ่าวลึก:Ao Luek:81110:
82|พังงา|Phang Nga|1|25|@::82000:ท้ายช้าง/นบปริง;ตะกั่วป่า:Takua Pa:82110:
83|ภูเก็ต|Phuket|1|12|@::83000:ตลาดใหญ่/ตลาดเหนือ/รัษฎา;กะทู้:Kathu:83120:กะทู้/ป่าตอง;ถลาง:Thalang:83110:
84|สุราษฎร์ธานี|Surat Thani|2|3|@::84000:ตลาด/มะขามเตี้ย/บางกุ้ง;เกาะสมุย:Ko Samui:84140:
85|ระนอง|Ranong|1|20|@::85000:เขานิเวศน์/บางริ้น;กระบุรี:Kra Buri:85110:
86|ชุมพร|Chumphon|1|2|@::86000:ท่าตะเภา/บางหมาก;หลังสวน:Lang Suan:86110:
90|สงขลา|Songkhla|2|25|@::90000:บ่อยาง/เขารูปช้าง;หาดใหญ่:Hat Yai:90110:หาดใหญ่/คอหงส์/คลองแห;จะนะ:Chana:90130:
91|สตูล|Satun|1|70|@::91000:พิมาน/คลองขุด;ละงู:La-ngu:91110:
92|ตรัง|Trang|1|15|@::92000:ทับเที่ยง/นาตาล่วง;ห้วยยอด:Huai Yot:92130:
93|พัทลุง|Phatthalung|1|10|@::93000:คูหาสวรรค์/เขาเจียก;ควนขนุน:Khuan Khanun:93110:
94|ปัตตานี|Pattani|1|85|@::94000:สะบารัง/อาเนาะรู/จะบังติกอ;หนองจิก:Nong Chik:94170:
95|ยะลา|Yala|1|70|@::95000:สะเตง/สะเตงนอก;เบตง:Betong:95110:
96|นราธิวาส|Narathiwat|1|82|@::96000:บางนาค/ลำภู;สุไหงโก-ลก:Su-ngai Kolok:96120:;ตากใบ:Tak Bai:96110:
`

// provinces is provinceTable parsed once; provinceWeights are its running
// weight totals for a weighted pick.
var provinces, provinceWeights = mustParseProvinces(provinceTable)

// Provinces returns the 77 provinces. Callers must not modify the result.
func Provinces() []Province { return provinces }

// mustParseProvinces parses the embedded table; a malformed table is a bug.
func mustParseProvinces(table string) ([]Province, []int) {
	var out []Province
	var cum []int
	total := 0
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		p, err := parseProvince(line)
		if err != nil {
			panic(fmt.Sprintf("synth: province table: %v", err))
		}
		total += p.weight
		out = append(out, p)
		cum = append(cum, total)
	}
	return out, cum
}

// parseProvince parses one line of provinceTable.
func parseProvince(line string) (Province, error) {
	f := strings.Split(line, "|")
	if len(f) != 6 {
		return Province{}, fmt.Errorf("%q: want 6 fields, got %d", line, len(f))
	}
	w, err1 := strconv.Atoi(f[3])
	m, err2 := strconv.Atoi(f[4])
	if err1 != nil || err2 != nil || w < 1 {
		return Province{}, fmt.Errorf("%q: bad weight or Muslim share", line)
	}
	p := Province{Code: f[0], NameTH: f[1], NameEN: f[2], weight: w, muslimPct: m}
	for _, d := range strings.Split(f[5], ";") {
		dist, err := parseDistrict(p, d)
		if err != nil {
			return Province{}, fmt.Errorf("%s: %w", p.NameEN, err)
		}
		p.Districts = append(p.Districts, dist)
	}
	return p, nil
}

// parseDistrict parses "Thai:English:postcode:sub/sub" of province p.
func parseDistrict(p Province, s string) (District, error) {
	f := strings.Split(s, ":")
	if len(f) != 4 || len(f[2]) != 5 || !strings.HasPrefix(f[2], p.Code) {
		return District{}, fmt.Errorf("district %q: want Thai:English:postcode:subdistricts with postcode %sxxx", s, p.Code)
	}
	d := District{NameTH: f[0], NameEN: f[1], Postcode: f[2]}
	if d.NameTH == "@" {
		d.NameTH, d.NameEN = "เมือง"+p.NameTH, "Mueang "+p.NameEN
	}
	if f[3] != "" {
		d.Subdistricts = strings.Split(f[3], "/")
	} else {
		// A district's seat usually shares its name.
		d.Subdistricts = []string{d.NameTH}
	}
	return d, nil
}
