package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"kelompok/bot"
)

// Config is every setting, read from the environment (and a .env file if
// present). .env.example lists each with its default.
type Config struct {
	DB               string
	TelegramToken    string
	TelegramEndpoint string
	TelegramTimeout  time.Duration
	MaxAmount        bot.Money
	LogLevel         slog.Level
	// WhatsApp (see whatsapp.go).
	WhatsAppEnabled   bool
	WhatsAppSessionDB string
	WhatsAppPhone     string
}

const defaultTelegramEndpoint = "https://api.telegram.org/bot%s/%s"

// LoadConfig reads .env (without overriding the real environment) and the
// environment, and reports every bad value at once.
func LoadConfig(getenv func(string) string) (Config, error) {
	if getenv == nil {
		if err := godotenv.Load(); err != nil && !errors.Is(err, os.ErrNotExist) {
			return Config{}, fmt.Errorf("read .env: %w", err)
		}
		getenv = os.Getenv
	}
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	var errs []error
	c := Config{
		DB:               get("KELOMPOK_DB", "kelompok.db"),
		TelegramToken:    get("TELEGRAM_BOT_TOKEN", ""),
		TelegramEndpoint: get("TELEGRAM_API_ENDPOINT", defaultTelegramEndpoint),
	}
	if strings.Count(c.TelegramEndpoint, "%s") != 2 {
		errs = append(errs, fmt.Errorf("TELEGRAM_API_ENDPOINT must contain two %%s (token, method), like %s", defaultTelegramEndpoint))
	}
	max, err := strconv.ParseInt(get("KELOMPOK_MAX_AMOUNT", "100000000"), 10, 64)
	// A cap far below int64's range keeps every sum of the books countable.
	if err != nil || max <= 0 || max > 1_000_000_000_000 {
		errs = append(errs, fmt.Errorf("KELOMPOK_MAX_AMOUNT must be a whole number of rupiah from 1 to 1000000000000"))
	}
	c.MaxAmount = bot.Money(max)
	poll, err := strconv.Atoi(get("TELEGRAM_POLL_TIMEOUT", "50"))
	if err != nil || poll < 0 || poll > 600 {
		errs = append(errs, fmt.Errorf("TELEGRAM_POLL_TIMEOUT must be seconds from 0 to 600"))
	}
	c.TelegramTimeout = time.Duration(poll) * time.Second
	c.WhatsAppSessionDB = get("WHATSAPP_SESSION_DB", "whatsapp.db")
	c.WhatsAppPhone = get("WHATSAPP_PHONE", "")
	if c.WhatsAppEnabled, err = strconv.ParseBool(get("WHATSAPP_ENABLED", "false")); err != nil {
		errs = append(errs, fmt.Errorf("WHATSAPP_ENABLED must be true or false"))
	}
	if !validPhone(c.WhatsAppPhone) {
		errs = append(errs, fmt.Errorf("WHATSAPP_PHONE must be the bot's number in digits with country code, like 6281234567890"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error"))
	}
	return c, errors.Join(errs...)
}
