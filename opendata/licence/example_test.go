package licence_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/gdx-exchange/gdx/internal/sqldb"
	"github.com/gdx-exchange/gdx/opendata/licence"
	"github.com/gdx-exchange/gdx/opendata/licence/sqlstore"
)

func ExampleImport() {
	ctx := context.Background()
	db, _ := sqldb.Open(ctx, "sqlite::memory:")
	defer db.Close()
	_ = sqlstore.Migrate(ctx, db)
	store := sqlstore.New(db)

	file := "\uFEFFLicense_Number,licence_type,licensee_kind,business_name,juristic_id,province,issued_on,expires_on,status\n" +
		"12/2567,สถานที่จำหน่ายอาหาร,juristic,บริษัท ครัวดี จำกัด,0-1055-00000-01-1,เชียงใหม่,2567-03-01,2568-02-28,active\n" +
		"13/2567,food_shop,natural,ร้านป้าแดง,,จังหวัดลำปาง,2024-03-02,2024-02-30,ใช้ได้\n" +
		"12/2567,food_shop,juristic,Another Co.,0105500000011,Bangkok,2024-03-03,,pending\n"
	for range 2 {
		rep, err := licence.Import(ctx, store, "DLA", strings.NewReader(file), licence.FormatCSV, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(rep.Summary())
		for _, p := range rep.Problems {
			fmt.Println(" ", p)
		}
	}
	// Output:
	// DLA: 3 rows: 1 inserted, 0 updated, 0 unchanged, 2 rejected
	//   line 3, column expires_on: "2024-02-30" is not a calendar date
	//   line 4, column status: unknown status "pending" (want active, expired, suspended or revoked, or ใช้ได้, หมดอายุ, พักใช้, เพิกถอน)
	// DLA: 3 rows: 0 inserted, 0 updated, 1 unchanged, 2 rejected; nothing changed
	//   line 3, column expires_on: "2024-02-30" is not a calendar date
	//   line 4, column status: unknown status "pending" (want active, expired, suspended or revoked, or ใช้ได้, หมดอายุ, พักใช้, เพิกถอน)
}
