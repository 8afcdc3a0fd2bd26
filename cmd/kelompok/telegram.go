package main

import (
	"context"
	"log/slog"

	"kelompok/bot/outbox"
	"kelompok/bot/telegram"
	"kelompok/handlers"
	"kelompok/locales"
)

// runTelegram serves Telegram until ctx ends: updates by long polling,
// replies through the paced outbox.
func runTelegram(ctx context.Context, m *Main) error {
	a, err := telegram.New(m.Config.TelegramToken, m.Config.TelegramEndpoint, m.Config.TelegramTimeout)
	if err != nil {
		return err
	}
	slog.Info("telegram_connected", "bot", a.Username())
	return serveTelegram(ctx, m, a, nil)
}

// serveTelegram runs the adapter until ctx ends. wrap, if set, stands
// between the poller and the dispatcher (tests use it to crash on purpose).
func serveTelegram(ctx context.Context, m *Main, a *telegram.Adapter, wrap func(telegram.Submitter) telegram.Submitter) error {
	m.Router.SetBotName("tg", a.Username())
	m.Router.SetAdminChecker("tg", a.IsAdmin)
	a.OnPollSent(m.Router.PollSent)
	for _, lang := range append([]string{""}, locales.Languages...) {
		menuLang := lang
		if menuLang == "" {
			menuLang = locales.Languages[0]
		}
		var cmds []telegram.Command
		for _, l := range m.Router.MenuLines(menuLang) {
			cmds = append(cmds, telegram.Command{Name: l.Name, Description: l.Description})
		}
		if err := a.SetCommands(lang, cmds); err != nil {
			slog.Warn("telegram_set_commands_failed", "lang", lang, "err", err)
		}
	}
	wait, err := m.startSending(ctx, a, outbox.TelegramLimits(), telegram.IsGroup, m.RunReminders)
	if err != nil {
		return err
	}
	var sub telegram.Submitter = handlers.NewDispatcher(m.Router.Handle)
	if wrap != nil {
		sub = wrap(sub)
	}
	err = a.Poll(ctx, sub, m.Config.TelegramTimeout)
	wait()
	return err
}
