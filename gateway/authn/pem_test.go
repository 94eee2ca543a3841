package authn_test

import (
	"encoding/pem"
	"errors"
)

func pemDecode(b []byte) ([]byte, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, errors.New("not PEM")
	}
	return block.Bytes, nil
}
