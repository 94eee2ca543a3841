package synth

import "fmt"

// Seat returns the WGS 84 coordinates of the province's seat (the centre
// of its provincial town, in its first listed district, Districts[0]), to
// about a kilometre.
func (p Province) Seat() (lat, lon float64) {
	s := seats[p.NameEN]
	return s[0], s[1]
}

// Share returns the province's relative share of the synthetic houses and
// companies, for callers that spread their own records the same way.
func (p Province) Share() int { return p.weight }

// seats are the provincial seats' coordinates by the province's English name.
var seats = map[string][2]float64{
	"Bangkok": {13.7563, 100.5018}, "Samut Prakan": {13.5991, 100.5998}, "Nonthaburi": {13.8621, 100.5144},
	"Pathum Thani": {14.0208, 100.5250}, "Phra Nakhon Si Ayutthaya": {14.3532, 100.5689}, "Ang Thong": {14.5896, 100.4551},
	"Lop Buri": {14.7995, 100.6534}, "Sing Buri": {14.8936, 100.3967}, "Chai Nat": {15.1851, 100.1251},
	"Saraburi": {14.5289, 100.9101}, "Chon Buri": {13.3611, 100.9847}, "Rayong": {12.6814, 101.2816},
	"Chanthaburi": {12.6114, 102.1039}, "Trat": {12.2428, 102.5175}, "Chachoengsao": {13.6904, 101.0780},
	"Prachin Buri": {14.0509, 101.3717}, "Nakhon Nayok": {14.2069, 101.2130}, "Sa Kaeo": {13.8240, 102.0646},
	"Nakhon Ratchasima": {14.9799, 102.0978}, "Buri Ram": {14.9930, 103.1029}, "Surin": {14.8818, 103.4936},
	"Si Sa Ket": {15.1186, 104.3220}, "Ubon Ratchathani": {15.2287, 104.8564}, "Yasothon": {15.7924, 104.1453},
	"Chaiyaphum": {15.8068, 102.0316}, "Amnat Charoen": {15.8657, 104.6258}, "Bueng Kan": {18.3609, 103.6464},
	"Nong Bua Lam Phu": {17.2218, 102.4260}, "Khon Kaen": {16.4322, 102.8236}, "Udon Thani": {17.4138, 102.7870},
	"Loei": {17.4860, 101.7223}, "Nong Khai": {17.8783, 102.7420}, "Maha Sarakham": {16.1851, 103.3029},
	"Roi Et": {16.0538, 103.6520}, "Kalasin": {16.4322, 103.5061}, "Sakon Nakhon": {17.1664, 104.1486},
	"Nakhon Phanom": {17.3920, 104.7695}, "Mukdahan": {16.5420, 104.7235}, "Chiang Mai": {18.7883, 98.9853},
	"Lamphun": {18.5745, 99.0087}, "Lampang": {18.2888, 99.4909}, "Uttaradit": {17.6201, 100.0993},
	"Phrae": {18.1446, 100.1403}, "Nan": {18.7756, 100.7730}, "Phayao": {19.1664, 99.9019},
	"Chiang Rai": {19.9105, 99.8406}, "Mae Hong Son": {19.3020, 97.9654}, "Nakhon Sawan": {15.7047, 100.1372},
	"Uthai Thani": {15.3835, 100.0246}, "Kamphaeng Phet": {16.4828, 99.5227}, "Tak": {16.8840, 99.1258},
	"Sukhothai": {17.0056, 99.8264}, "Phitsanulok": {16.8211, 100.2659}, "Phichit": {16.4419, 100.3488},
	"Phetchabun": {16.4190, 101.1591}, "Ratchaburi": {13.5283, 99.8134}, "Kanchanaburi": {14.0228, 99.5328},
	"Suphan Buri": {14.4745, 100.1177}, "Nakhon Pathom": {13.8199, 100.0621}, "Samut Sakhon": {13.5475, 100.2745},
	"Samut Songkhram": {13.4098, 100.0023}, "Phetchaburi": {13.1119, 99.9398}, "Prachuap Khiri Khan": {11.8124, 99.7973},
	"Nakhon Si Thammarat": {8.4304, 99.9631}, "Krabi": {8.0863, 98.9063}, "Phang Nga": {8.4501, 98.5255},
	"Phuket": {7.8804, 98.3923}, "Surat Thani": {9.1382, 99.3217}, "Ranong": {9.9529, 98.6085},
	"Chumphon": {10.4930, 99.1800}, "Songkhla": {7.1898, 100.5954}, "Satun": {6.6238, 100.0674},
	"Trang": {7.5563, 99.6114}, "Phatthalung": {7.6167, 100.0740}, "Pattani": {6.8692, 101.2505},
	"Yala": {6.5411, 101.2804}, "Narathiwat": {6.4255, 101.8253},
}

// init checks that every province has a seat; a gap is a bug in the table.
func init() {
	for _, p := range provinces {
		if _, ok := seats[p.NameEN]; !ok {
			panic(fmt.Sprintf("synth: no seat coordinates for %s", p.NameEN))
		}
	}
}
