package handlers

import (
	"context"
	"log/slog"
	"strings"

	"kelompok/bot"
	"kelompok/locales"
	"kelompok/storage"
)

// UnreadableVote answers a native vote the platform delivered but could
// not read (WhatsApp: a vote that does not decrypt, or one in a copy of a
// poll the book never linked): the voter is asked, in the group's
// language, to vote by text, and nothing is booked. The vote is claimed by
// its source like any update, so a redelivery is not answered twice. A
// vote in a closed poll gets no answer (it would not count either);
// unlinked lists every poll open in the chat's group.
func (r *Router) UnreadableVote(ctx context.Context, source string, chat bot.ChatRef, voter bot.Person, pollID string, unlinked bool) error {
	return r.store.Write(ctx, func(tx *storage.Tx) error {
		if fresh, err := tx.Claim(source); err != nil || !fresh {
			return err
		}
		err := tx.Savepoint(func(tx *storage.Tx) error {
			p, err := tx.PollByPlatformID(pollID)
			if err != nil {
				return err
			}
			var g *storage.Group
			var open []*storage.Poll
			switch {
			case p != nil:
				if p.Decision != nil || !tx.Now().Before(p.ClosesAt) {
					return nil
				}
				if g, err = tx.GroupByID(p.GroupID); err != nil {
					return err
				}
				open = []*storage.Poll{p}
			case unlinked:
				if g, err = tx.GroupByChat(chat); err != nil || g == nil {
					return err
				}
				if open, err = tx.OpenPolls(g.ID); err != nil || len(open) == 0 {
					return err
				}
			default:
				return nil
			}
			name := voter.Name
			if mem, err := tx.MemberByRef(g.ID, voter.Ref); err != nil {
				return err
			} else if mem != nil {
				name = mem.Name
			}
			if name == "" && voter.Username != "" {
				name = "@" + voter.Username
			}
			if name == "" {
				name = "?" // as the book names a voter it cannot tell
			}
			return tx.Queue(bot.Reply{Chat: chat, Text: voteFallback(r.loc, g.Rules.Language, name, open...)})
		})
		if err != nil && !storage.IsTransient(err) {
			// Like a vote that cannot be recorded, it must not block the
			// updates behind it: logged and dropped.
			slog.Error("whatsapp_vote_fallback_failed", "poll_id", pollID, "err", err)
			return nil
		}
		return err
	})
}

// voteFallback is the answer to an unreadable vote: the options of each
// poll with the "/pilih N OPTION" line to type, as the text ballot shows
// them; polls are quoted as the book quotes them, "V3".
func voteFallback(loc *locales.Catalog, lang, name string, ps ...*storage.Poll) string {
	var lines, nos []string
	for _, p := range ps {
		nos = append(nos, pollRef(p.No))
		lines = append(lines, ballotLines(loc, lang, p)...)
	}
	return loc.T(lang, "whatsapp.vote_unreadable", map[string]any{
		"Name": name, "No": strings.Join(nos, ", "), "Lines": locales.Raw(strings.Join(lines, "\n"))})
}

// ballotLines are a poll's options as the text ballot lists them, each
// with the "/pilih N OPTION" line to type.
func ballotLines(loc *locales.Catalog, lang string, p *storage.Poll) []string {
	lines := make([]string, len(p.Options))
	for i, o := range p.Options {
		lines[i] = loc.T(lang, "poll.option_line", map[string]any{"N": i + 1, "Option": o, "No": p.No})
	}
	return lines
}
