package whatsapp

import (
	"context"
	"log/slog"

	"go.mau.fi/whatsmeow/types"
)

// LIDMap is the part of whatsmeow's store that knows which phone number
// belongs to a LID (client.Store.LIDs). whatsmeow fills it from messages
// that carry both forms, from group member lists and from notifications.
type LIDMap interface {
	GetPNForLID(ctx context.Context, lid types.JID) (types.JID, error)
	GetLIDForPN(ctx context.Context, pn types.JID) (types.JID, error)
	PutLIDMapping(ctx context.Context, lid, pn types.JID) error
}

// Identities gives every person one stable id, whatever form WhatsApp
// shows them in: the phone-number JID when it is known (directly, as the
// message's alternative address, or through the LID map), otherwise the
// LID. The same person arriving as "628...@s.whatsapp.net" and as
// "1234...@lid" is one member.
type Identities struct {
	LIDs LIDMap
}

// Stable returns the stable JID (without device) for jid, using alt (the
// other form, when the message carries it) and the LID map.
func (ids Identities) Stable(ctx context.Context, jid, alt types.JID) types.JID {
	jid = jid.ToNonAD()
	alt = alt.ToNonAD()
	switch jid.Server {
	case types.DefaultUserServer:
		return jid
	case types.HiddenUserServer:
		if alt.Server == types.DefaultUserServer && alt.User != "" {
			ids.remember(ctx, jid, alt)
			return alt
		}
		if ids.LIDs != nil {
			pn, err := ids.LIDs.GetPNForLID(ctx, jid)
			if err != nil {
				slog.Warn("whatsapp_lid_lookup_failed", "err", err)
			} else if pn.User != "" {
				return pn.ToNonAD()
			}
		}
	}
	return jid
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
