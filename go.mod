module kelompok

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/go-co-op/gocron/v2 v2.21.2
	github.com/go-telegram-bot-api/telegram-bot-api/v5 v5.5.1
	github.com/google/uuid v1.6.0
	github.com/joho/godotenv v1.5.1
	github.com/jonboulle/clockwork v0.5.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/nicksnyder/go-i18n/v2 v2.7.0
	golang.org/x/text v0.44.0
)

require github.com/robfig/cron/v3 v3.0.1 // indirect
