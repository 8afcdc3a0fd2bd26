package tgemu_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"kelompok/bot/telegram/tgemu"
)

// start runs an emulator (no flood limits unless opts set some) and
// connects the real client library to it.
func start(t *testing.T, opts ...tgemu.Option) (*tgemu.Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := tgemu.New(append([]tgemu.Option{tgemu.WithLimits(tgemu.Limits{})}, opts...)...)
	t.Cleanup(srv.Close)
	api, err := tgbotapi.NewBotAPIWithAPIEndpoint(srv.Token(), srv.Endpoint())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	return srv, api
}

// apiErr asserts err is a Bot API error with the given code and description.
func apiErr(t *testing.T, err error, code int, desc string) *tgbotapi.Error {
	t.Helper()
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("want API error %d %q, got %v", code, desc, err)
	}
	if e.Code != code || !strings.HasPrefix(e.Message, desc) {
		t.Fatalf("want %d %q, got %d %q", code, desc, e.Code, e.Message)
	}
	return e
}

func updates(t *testing.T, api *tgbotapi.BotAPI, offset int) []tgbotapi.Update {
	t.Helper()
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: offset})
	if err != nil {
		t.Fatalf("getUpdates: %v", err)
	}
	return ups
}

func ids(ups []tgbotapi.Update) []int {
	var out []int
	for _, u := range ups {
		out = append(out, u.UpdateID)
	}
	return out
}

func TestGetMeTokenAndUnknownMethod(t *testing.T) {
	srv, api := start(t, tgemu.WithBot("arisan_bot", 424242))
	if api.Self.ID != 424242 || api.Self.UserName != "arisan_bot" || !api.Self.IsBot {
		t.Fatalf("getMe: %+v", api.Self)
	}
	if !api.Self.CanReadAllGroupMessages {
		t.Error("privacy mode is off by default, so can_read_all_group_messages should be true")
	}
	_, err := tgbotapi.NewBotAPIWithAPIEndpoint("1:wrong", srv.Endpoint())
	apiErr(t, err, 401, "Unauthorized")
	_, err = api.MakeRequest("sendSticker", nil)
	apiErr(t, err, 404, "Not Found")
	if _, err := api.MakeRequest("GETME", nil); err != nil {
		t.Errorf("method names are case-insensitive: %v", err)
	}
}

func TestUpdatesConfirmedByOffset(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan RT 05")
	siti := srv.AddUser("Siti", "siti")

	upd, msg := srv.SendText(group, siti, "/setor 50000")
	ups := updates(t, api, 0)
	if len(ups) != 1 || ups[0].UpdateID != upd {
		t.Fatalf("want update %d, got %v", upd, ids(ups))
	}
	m := ups[0].Message
	if m == nil || m.MessageID != msg || m.Chat.ID != group || m.Chat.Type != "group" ||
		m.From.ID != siti.ID || m.Date == 0 {
		t.Fatalf("bad message: %+v", m)
	}
	if !m.IsCommand() || m.Command() != "setor" || m.CommandArguments() != "50000" {
		t.Fatalf("command entity: %v %q %q", m.Entities, m.Command(), m.CommandArguments())
	}

	// Not confirmed yet: a restarted client gets it again.
	if again := updates(t, api, 0); !reflect.DeepEqual(ids(again), []int{upd}) {
		t.Fatalf("unconfirmed update not redelivered: %v", ids(again))
	}
	if got := srv.Unconfirmed(); !reflect.DeepEqual(got, []int{upd}) {
		t.Fatalf("Unconfirmed = %v", got)
	}

	// Confirm: offset = last id + 1.
	if ups := updates(t, api, upd+1); len(ups) != 0 {
		t.Fatalf("nothing new expected, got %v", ids(ups))
	}
	if srv.Confirmed() != upd+1 || len(srv.Unconfirmed()) != 0 {
		t.Fatalf("Confirmed = %d, Unconfirmed = %v", srv.Confirmed(), srv.Unconfirmed())
	}
	if err := srv.WaitConfirmed(upd, 10*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	upd2, _ := srv.SendText(group, siti, "halo")
	if ups := updates(t, api, 0); !reflect.DeepEqual(ids(ups), []int{upd2}) {
		t.Fatalf("confirmed update redelivered: %v", ids(ups))
	}
	if upd2 != upd+1 {
		t.Errorf("update ids should be sequential: %d then %d", upd, upd2)
	}

	// limit, and a smaller offset does not bring confirmed updates back.
	srv.SendText(group, siti, "a")
	srv.SendText(group, siti, "b")
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: upd, Limit: 2})
	if err != nil || !reflect.DeepEqual(ids(ups), []int{upd2, upd2 + 1}) {
		t.Fatalf("limit 2: %v %v", ids(ups), err)
	}
}

// waitPolling waits until the server has seen n requests, then a little
// longer so the last one (a long poll) is surely waiting.
func waitPolling(t *testing.T, srv *tgemu.Server, n int) {
	if err := srv.Wait(time.Second, func() bool { return srv.Stats().Requests >= n }); err != nil {
		t.Error(err)
	}
	time.Sleep(20 * time.Millisecond)
}

func TestLongPoll(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Kas Ibu-Ibu")
	ani := srv.AddUser("Ani", "")

	n := srv.Stats().Requests
	go func() {
		waitPolling(t, srv, n+1)
		srv.SendText(group, ani, "/saldo")
	}()
	began := time.Now()
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 10})
	if err != nil || len(ups) != 1 || ups[0].Message.Text != "/saldo" {
		t.Fatalf("long poll: %v %v", ids(ups), err)
	}
	if d := time.Since(began); d > 2*time.Second || d < 20*time.Millisecond {
		t.Fatalf("long poll returned after %v", d)
	}

	// A second poller terminates the first with 409, as Telegram does.
	first := make(chan error, 1)
	n = srv.Stats().Requests
	go func() {
		_, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1, Timeout: 10})
		first <- err
	}()
	waitPolling(t, srv, n+1)
	if _, err := api.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-first:
		apiErr(t, err, 409, "Conflict: terminated by other getUpdates request")
	case <-time.After(time.Second):
		t.Fatal("first poll was not terminated")
	}

	// Close ends a pending long poll promptly.
	done := make(chan struct{})
	n = srv.Stats().Requests
	go func() {
		_, _ = api.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1, Timeout: 30})
		close(done)
	}()
	waitPolling(t, srv, n+1)
	began = time.Now()
	srv.Close()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("long poll still running after Close")
	}
	if d := time.Since(began); d > 500*time.Millisecond {
		t.Fatalf("Close took %v", d)
	}
}

func TestSendMessageHTML(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan")

	good := `<b>Saldo kas</b>: Rp 150.000 &amp; <i>lunas</i> &lt;3 <a href="https://example.com/?a=1&amp;b=2">rincian</a>`
	cfg := tgbotapi.NewMessage(group, good)
	cfg.ParseMode = tgbotapi.ModeHTML
	m, err := api.Send(cfg)
	if err != nil {
		t.Fatal(err)
	}
	wantPlain := "Saldo kas: Rp 150.000 & lunas <3 rincian"
	if m.Text != wantPlain || m.MessageID != 1 || m.Chat.ID != group || m.From.ID != api.Self.ID {
		t.Fatalf("sent message: %+v", m)
	}
	if len(m.Entities) != 3 || m.Entities[0] != (tgbotapi.MessageEntity{Type: "bold", Offset: 0, Length: 9}) ||
		m.Entities[2].Type != "text_link" || m.Entities[2].URL != "https://example.com/?a=1&b=2" {
		t.Fatalf("entities: %+v", m.Entities)
	}
	sent := srv.Sent(group)
	if len(sent) != 1 || sent[0].Text != good || sent[0].Plain != wantPlain || sent[0].ParseMode != "HTML" {
		t.Fatalf("Sent: %+v", sent)
	}

	for _, bad := range []string{
		"Tom & Jerry", "1 < 2", "a > b", "<b>unclosed", "<b><i>x</b></i>", "<div>x</div>",
		"</b>", `<span>x</span>`, `<a href=x>y`, "&nbsp;",
	} {
		cfg := tgbotapi.NewMessage(group, bad)
		cfg.ParseMode = tgbotapi.ModeHTML
		_, err := api.Send(cfg)
		apiErr(t, err, 400, "Bad Request: can't parse entities: ")
	}
	// The same text without parse_mode is fine.
	if _, err := api.Send(tgbotapi.NewMessage(group, "1 < 2 & 3 > 2")); err != nil {
		t.Fatal(err)
	}
	if st := srv.Stats(); st.Sent != 2 || st.Errors != 10 {
		t.Fatalf("stats: %+v", st)
	}

	_, err = api.Send(tgbotapi.NewMessage(group, ""))
	apiErr(t, err, 400, "Bad Request: message text is empty")
	empty := tgbotapi.NewMessage(group, "<b></b>")
	empty.ParseMode = tgbotapi.ModeHTML
	_, err = api.Send(empty)
	apiErr(t, err, 400, "Bad Request: message text is empty")
	_, err = api.Send(tgbotapi.NewMessage(-999, "x"))
	apiErr(t, err, 400, "Bad Request: chat not found")
}

func TestMessageLength(t *testing.T) {
	srv, api := start(t)
	chat := srv.AddPrivate(srv.AddUser("Budi", "budi"))

	_, err := api.Send(tgbotapi.NewMessage(chat, strings.Repeat("a", 4097)))
	apiErr(t, err, 400, "Bad Request: message is too long")
	if _, err := api.Send(tgbotapi.NewMessage(chat, strings.Repeat("a", 4096))); err != nil {
		t.Fatalf("4096 characters are allowed: %v", err)
	}
	// The limit applies after entity parsing: markup does not count...
	html := tgbotapi.NewMessage(chat, "<b>"+strings.Repeat("&amp;", 4096)+"</b>")
	html.ParseMode = tgbotapi.ModeHTML
	if _, err := api.Send(html); err != nil {
		t.Fatalf("4096 characters after parsing are allowed: %v", err)
	}
	// ...and characters outside the BMP count twice (UTF-16).
	_, err = api.Send(tgbotapi.NewMessage(chat, strings.Repeat("😀", 2049)))
	apiErr(t, err, 400, "Bad Request: message is too long")
}

func TestButtonsClicksAndEdits(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan")
	siti := srv.AddUser("Siti", "siti")

	cfg := tgbotapi.NewMessage(group, "Setujui setoran Rp 50.000?")
	cfg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Ya", "approve:17"),
		tgbotapi.NewInlineKeyboardButtonData("Tidak", "reject:17"),
	))
	m, err := api.Send(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if m.ReplyMarkup == nil || len(m.ReplyMarkup.InlineKeyboard[0]) != 2 {
		t.Fatalf("reply_markup not echoed: %+v", m.ReplyMarkup)
	}
	want := [][]tgemu.Button{{{Text: "Ya", Data: "approve:17"}, {Text: "Tidak", Data: "reject:17"}}}
	if got := srv.Sent(group)[0].Buttons; !reflect.DeepEqual(got, want) {
		t.Fatalf("buttons: %+v", got)
	}

	long := tgbotapi.NewMessage(group, "x")
	long.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("x", strings.Repeat("d", 65))))
	_, err = api.Send(long)
	apiErr(t, err, 400, "Bad Request: BUTTON_DATA_INVALID")

	if _, _, err := srv.ClickButton(group, siti, m.MessageID, "nope"); !errors.Is(err, tgemu.ErrNoButton) {
		t.Fatalf("click on a missing button: %v", err)
	}
	upd, qid, err := srv.ClickButton(group, siti, m.MessageID, "approve:17")
	if err != nil {
		t.Fatal(err)
	}
	ups := updates(t, api, 0)
	if len(ups) != 1 || ups[0].UpdateID != upd {
		t.Fatalf("updates: %v", ids(ups))
	}
	q := ups[0].CallbackQuery
	if q == nil || q.ID != qid || q.Data != "approve:17" || q.From.ID != siti.ID ||
		q.Message.MessageID != m.MessageID || q.Message.Chat.ID != group || ups[0].CallbackData() != "approve:17" {
		t.Fatalf("callback query: %+v", q)
	}
	if _, err := api.Request(tgbotapi.NewCallback(qid, "Tercatat")); err != nil {
		t.Fatal(err)
	}
	_, err = api.Request(tgbotapi.NewCallback(qid, "again"))
	apiErr(t, err, 400, "Bad Request: query is too old")
	answers := srv.CallbackAnswers()
	if len(answers) != 1 || answers[0].Text != "Tercatat" || answers[0].Data != "approve:17" ||
		answers[0].MessageID != m.MessageID || answers[0].From.ID != siti.ID {
		t.Fatalf("answers: %+v", answers)
	}

	// Edit keeping one button, then an identical edit, then one without markup.
	edit := tgbotapi.NewEditMessageTextAndMarkup(group, m.MessageID, "<b>Disetujui</b>",
		tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData("Batalkan", "undo:17"))))
	edit.ParseMode = tgbotapi.ModeHTML
	em, err := api.Send(edit)
	if err != nil || em.Text != "Disetujui" || em.EditDate == 0 {
		t.Fatalf("edit: %+v %v", em, err)
	}
	_, err = api.Send(edit)
	apiErr(t, err, 400, "Bad Request: message is not modified")
	s := srv.Sent(group)[0]
	if !s.Edited || s.Plain != "Disetujui" || !reflect.DeepEqual(s.Data(), []string{"undo:17"}) {
		t.Fatalf("after edit: %+v", s)
	}
	if _, _, err := srv.ClickButton(group, siti, m.MessageID, "approve:17"); err == nil {
		t.Fatal("the old button is gone after the edit")
	}
	if _, err := api.Send(tgbotapi.NewEditMessageText(group, m.MessageID, "Selesai")); err != nil {
		t.Fatal(err)
	}
	if s := srv.Sent(group)[0]; s.Buttons != nil {
		t.Fatalf("editMessageText without reply_markup removes the keyboard: %+v", s.Buttons)
	}

	// A user's own edit reaches the bot as edited_message.
	_, userMsg := srv.SendText(group, siti, "setor 5000")
	eu := srv.EditText(group, siti, userMsg, "setor 50000")
	ups = updates(t, api, upd+1)
	last := ups[len(ups)-1]
	if last.UpdateID != eu || last.EditedMessage == nil || last.EditedMessage.Text != "setor 50000" ||
		last.EditedMessage.MessageID != userMsg {
		t.Fatalf("edited_message: %+v", last)
	}
	_, err = api.Send(tgbotapi.NewEditMessageText(group, userMsg, "hacked"))
	apiErr(t, err, 400, "Bad Request: message can't be edited")
}

func TestCommandsPerLanguage(t *testing.T) {
	srv, api := start(t)
	id := []tgbotapi.BotCommand{{Command: "setor", Description: "Catat setoran"}}
	en := []tgbotapi.BotCommand{{Command: "setor", Description: "Record a deposit"}, {Command: "saldo", Description: "Balance"}}
	def := tgbotapi.NewBotCommandScopeDefault()
	if _, err := api.Request(tgbotapi.NewSetMyCommandsWithScopeAndLanguage(def, "id", id...)); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Request(tgbotapi.NewSetMyCommandsWithScopeAndLanguage(def, "en", en...)); err != nil {
		t.Fatal(err)
	}
	admins := tgbotapi.NewBotCommandScopeAllChatAdministrators()
	if _, err := api.Request(tgbotapi.NewSetMyCommandsWithScope(admins, en[1])); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("id"); !reflect.DeepEqual(got, id) {
		t.Errorf("id: %+v", got)
	}
	if got := srv.Commands("en"); !reflect.DeepEqual(got, en) {
		t.Errorf("en: %+v", got)
	}
	if got := srv.Commands(""); got != nil {
		t.Errorf("no default-language list was set: %+v", got)
	}
	if got := srv.CommandsFor(admins, ""); !reflect.DeepEqual(got, en[1:]) {
		t.Errorf("admins: %+v", got)
	}
	got, err := api.GetMyCommandsWithConfig(tgbotapi.NewGetMyCommandsWithScopeAndLanguage(def, "en"))
	if err != nil || !reflect.DeepEqual(got, en) {
		t.Errorf("getMyCommands: %+v %v", got, err)
	}
	_, err = api.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "Setor", Description: "x"}))
	apiErr(t, err, 400, "Bad Request: BOT_COMMAND_INVALID")
}

func TestFloodLimits(t *testing.T) {
	clock := tgemu.NewManualClock(time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC))
	srv, api := start(t, tgemu.WithLimits(tgemu.RealLimits()), tgemu.WithClock(clock.Now))
	budi := srv.AddPrivate(srv.AddUser("Budi", "budi"))

	// Per chat: a burst of 3, then one per second.
	for i := 0; i < 3; i++ {
		if _, err := api.Send(tgbotapi.NewMessage(budi, "ok")); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	_, err := api.Send(tgbotapi.NewMessage(budi, "too fast"))
	if e := apiErr(t, err, 429, "Too Many Requests: retry after 1"); e.RetryAfter != 1 {
		t.Fatalf("retry_after = %d", e.RetryAfter)
	}
	clock.Advance(time.Second)
	if _, err := api.Send(tgbotapi.NewMessage(budi, "ok again")); err != nil {
		t.Fatal(err)
	}

	// Per group: 20 a minute, even at a polite one per second.
	group := srv.AddGroup("Arisan")
	for i := 0; i < 20; i++ {
		if _, err := api.Send(tgbotapi.NewMessage(group, "ok")); err != nil {
			t.Fatalf("group message %d: %v", i, err)
		}
		clock.Advance(time.Second)
	}
	_, err = api.Send(tgbotapi.NewMessage(group, "21st"))
	if e := apiErr(t, err, 429, "Too Many Requests: retry after 40"); e.RetryAfter != 40 {
		t.Fatalf("retry_after = %d", e.RetryAfter)
	}
	clock.Advance(40 * time.Second)
	if _, err := api.Send(tgbotapi.NewMessage(group, "after waiting")); err != nil {
		t.Fatal(err)
	}

	// Global: 30 a second across chats.
	clock.Advance(time.Minute)
	var lastErr error
	for i := 0; i < 31; i++ {
		chat := srv.AddPrivate(srv.AddUser("Warga", ""))
		_, lastErr = api.Send(tgbotapi.NewMessage(chat, "pengumuman"))
		if i < 30 && lastErr != nil {
			t.Fatalf("broadcast %d: %v", i, lastErr)
		}
	}
	apiErr(t, lastErr, 429, "Too Many Requests: retry after 1")

	if st := srv.Stats(); st.TooMany429 != 3 {
		t.Fatalf("TooMany429 = %d", st.TooMany429)
	}
}

func TestMigrationToSupergroup(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan")
	owner := srv.AddUser("Pak RT", "pakrt")
	srv.SetRole(group, owner, tgemu.StatusCreator)

	super := srv.MigrateToSupergroup(group)
	ups := updates(t, api, 0)
	if len(ups) != 2 || ups[0].Message.Chat.ID != group || ups[0].Message.MigrateToChatID != super ||
		ups[1].Message.Chat.ID != super || ups[1].Message.MigrateFromChatID != group ||
		ups[1].Message.Chat.Type != "supergroup" || ups[0].Message.From.ID != owner.ID {
		t.Fatalf("migration updates: %+v / %+v", ups[0].Message, ups[1].Message)
	}
	_, err := api.Send(tgbotapi.NewMessage(group, "halo"))
	if e := apiErr(t, err, 400, "Bad Request: group chat was upgraded to a supergroup chat"); e.MigrateToChatID != super {
		t.Fatalf("migrate_to_chat_id = %d, want %d", e.MigrateToChatID, super)
	}
	if _, err := api.Send(tgbotapi.NewMessage(super, "halo")); err != nil {
		t.Fatal(err)
	}
	if srv.Role(super, owner) != tgemu.StatusCreator {
		t.Fatal("roles carry over to the supergroup")
	}
}

func TestKickedAndReadded(t *testing.T) {
	srv, api := start(t)
	group := srv.AddGroup("Arisan")
	ani := srv.AddUser("Ani", "ani")

	upd := srv.RemoveBot(group, ani)
	ups := updates(t, api, 0)
	if len(ups) != 1 || ups[0].UpdateID != upd || ups[0].MyChatMember == nil ||
		!ups[0].MyChatMember.NewChatMember.WasKicked() || ups[0].MyChatMember.OldChatMember.Status != "member" {
		t.Fatalf("my_chat_member: %+v", ups)
	}
	_, err := api.Send(tgbotapi.NewMessage(group, "halo"))
	apiErr(t, err, 403, "Forbidden: bot was kicked from the group chat")
	if u, _ := srv.SendText(group, ani, "/saldo"); u != 0 {
		t.Fatal("a kicked bot must not see messages")
	}

	member, message := srv.AddBotToGroup(group, ani)
	ups = updates(t, api, upd+1)
	if len(ups) != 2 || ups[0].UpdateID != member || ups[1].UpdateID != message ||
		ups[0].MyChatMember.OldChatMember.Status != "kicked" || ups[0].MyChatMember.NewChatMember.Status != "member" ||
		len(ups[1].Message.NewChatMembers) != 1 || ups[1].Message.NewChatMembers[0].ID != api.Self.ID {
		t.Fatalf("re-add: %+v", ups)
	}
	if _, err := api.Send(tgbotapi.NewMessage(group, "kembali")); err != nil {
		t.Fatal(err)
	}

	// leaveChat, and a user who blocked the bot.
	if _, err := api.Request(tgbotapi.LeaveChatConfig{ChatID: group}); err != nil {
		t.Fatal(err)
	}
	_, err = api.Send(tgbotapi.NewMessage(group, "x"))
	apiErr(t, err, 403, "Forbidden: bot is not a member of the group chat")
	pm := srv.AddPrivate(ani)
	srv.BlockBot(ani)
	_, err = api.Send(tgbotapi.NewMessage(pm, "x"))
	apiErr(t, err, 403, "Forbidden: bot was blocked by the user")
}
