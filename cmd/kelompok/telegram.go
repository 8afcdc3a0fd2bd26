package main

import (
	"context"
	"errors"
)

func runTelegram(ctx context.Context, m *Main) error {
	return errors.New("telegram: not built yet")
}
