package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestConfigDefaults(t *testing.T) {
	c, err := LoadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "kelompok.db" || c.MaxAmount != 100_000_000 || c.TelegramToken != "" || c.TelegramEndpoint != defaultTelegramEndpoint {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestConfigReportsEveryErrorAtOnce(t *testing.T) {
	_, err := LoadConfig(env(map[string]string{
		"KELOMPOK_MAX_AMOUNT":   "-5",
		"TELEGRAM_API_ENDPOINT": "http://localhost:8081/bot",
		"TELEGRAM_POLL_TIMEOUT": "lama",
		"LOG_LEVEL":             "loud",
	}))
	if err == nil {
		t.Fatal("bad config accepted")
	}
	for _, name := range []string{"KELOMPOK_MAX_AMOUNT", "TELEGRAM_API_ENDPOINT", "TELEGRAM_POLL_TIMEOUT", "LOG_LEVEL"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}

// TestConsoleTranscript runs the shipped example through the terminal chat.
func TestConsoleTranscript(t *testing.T) {
	in, err := os.Open("../../examples/rapat.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out bytes.Buffer
	db := filepath.Join(t.TempDir(), "k.db")
	if err := run(context.Background(), nil, in, &out, env(map[string]string{"KELOMPOK_DB": db})); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Bu Sri tercatat sebagai ketua",
		"#1: setoran Budi Rp5.000 diterima oleh Siti Aminah",
		"Tabungan Budi: Rp15.000",
		`"lima" bukan jumlah uang`,
		"Tabungan anggota: Rp1.520.000",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("transcript lacks %q:\n%s", want, out.String())
		}
	}
	// Replaying the transcript on the same book books it again (each run
	// is new conversation), and the second chair bootstrap is refused.
	in.Seek(0, 0)
	out.Reset()
	if err := run(context.Background(), []string{"console"}, in, &out, env(map[string]string{"KELOMPOK_DB": db})); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Bu Sri sudah terdaftar") {
		t.Errorf("second run:\n%s", out.String())
	}
}

func TestNewerDatabaseIsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	if err := run(context.Background(), nil, strings.NewReader(""), &bytes.Buffer{}, env(map[string]string{"KELOMPOK_DB": db})); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (999, '0999_future.sql', 'x')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	err = run(context.Background(), nil, strings.NewReader(""), &bytes.Buffer{}, env(map[string]string{"KELOMPOK_DB": db}))
	if err == nil || !strings.Contains(err.Error(), "version 999") || !strings.Contains(err.Error(), "newer kelompok") {
		t.Fatalf("newer database: %v", err)
	}
}

func TestUnknownMode(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	err := run(context.Background(), []string{"fax"}, strings.NewReader(""), &bytes.Buffer{}, env(map[string]string{"KELOMPOK_DB": db}))
	if err == nil || !strings.Contains(err.Error(), "fax") {
		t.Fatalf("unknown mode: %v", err)
	}
}
