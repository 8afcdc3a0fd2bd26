package whatsapp

import (
	"context"
	"log/slog"
	"strings"

	"go.mau.fi/whatsmeow/types"

	"kelompok/bot"
)

// LIDMap is the part of whatsmeow's store that knows which phone number
// belongs to a LID (client.Store.LIDs). whatsmeow fills it from messages
// that carry both forms, from group member lists and from notifications.
type LIDMap interface {
	GetPNForLID(ctx context.Context, lid types.JID) (types.JID, error)
	GetLIDForPN(ctx context.Context, pn types.JID) (types.JID, error)
	PutLIDMapping(ctx context.Context, lid, pn types.JID) error
}

// Identities finds both forms of a person WhatsApp shows in one: the
// LID and the phone-number JID, each when known (directly, as the
// message's alternative address, or through the LID map).
type Identities struct {
	LIDs LIDMap
}

// Who is one person in the two forms WhatsApp addresses them by; either
// may be empty when not known.
type Who struct {
	LID, PN types.JID
}

// Key is the person's lasting id: the LID when known (a number can
// change, a LID does not), else the phone number.
func (w Who) Key() types.JID {
	if !w.LID.IsEmpty() {
		return w.LID
	}
	return w.PN
}

// Handle is how the person is written in a mention: the phone number's
// digits when known (what people see and type), else the LID's.
func (w Who) Handle() string {
	if !w.PN.IsEmpty() {
		return handle(w.PN)
	}
	return handle(w.LID)
}

// Person is the person as Kelompok's updates carry them: Ref the lasting
// id, Alt the phone number beside a LID (the book records it as an alias,
// so a member registered by number is found by LID and the reverse).
func (w Who) Person(name string) bot.Person {
	p := bot.Person{Ref: UserRef(w.Key()), Name: name, Username: w.Handle()}
	if !w.LID.IsEmpty() && !w.PN.IsEmpty() {
		p.Alt = UserRef(w.PN)
	}
	return p
}

// Resolve finds both forms of jid (without device), using alt (the other
// form, when the message carries it) and the LID map.
func (ids Identities) Resolve(ctx context.Context, jid, alt types.JID) Who {
	jid = jid.ToNonAD()
	alt = alt.ToNonAD()
	var w Who
	switch jid.Server {
	case types.DefaultUserServer:
		w.PN = jid
		if alt.Server == types.HiddenUserServer && alt.User != "" {
			w.LID = alt
			ids.remember(ctx, alt, jid)
		} else if ids.LIDs != nil {
			lid, err := ids.LIDs.GetLIDForPN(ctx, jid)
			if err != nil {
				slog.Warn("whatsapp_lid_lookup_failed", "err", err)
			} else if lid.User != "" {
				w.LID = lid.ToNonAD()
			}
		}
	case types.HiddenUserServer:
		w.LID = jid
		if alt.Server == types.DefaultUserServer && alt.User != "" {
			w.PN = alt
			ids.remember(ctx, jid, alt)
		} else if ids.LIDs != nil {
			pn, err := ids.LIDs.GetPNForLID(ctx, jid)
			if err != nil {
				slog.Warn("whatsapp_lid_lookup_failed", "err", err)
			} else if pn.User != "" {
				w.PN = pn.ToNonAD()
			}
		}
	default:
		w.PN = jid
	}
	return w
}

// IsLID reports whether a user reference is a LID's.
func IsLID(ref bot.UserRef) bool {
	return strings.HasPrefix(string(ref), prefix) && strings.HasSuffix(string(ref), "@"+types.HiddenUserServer)
}

// remember stores a LID and phone number seen together, so that a later
// message carrying only the LID finds the same person.
func (ids Identities) remember(ctx context.Context, lid, pn types.JID) {
	if ids.LIDs == nil {
		return
	}
	if known, err := ids.LIDs.GetPNForLID(ctx, lid); err == nil && known.User == pn.User {
		return
	}
	if err := ids.LIDs.PutLIDMapping(ctx, lid, pn); err != nil {
		slog.Warn("whatsapp_lid_store_failed", "err", err)
	}
}
