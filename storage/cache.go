package storage

import "kelompok/bot"

// cache keeps, for the writer only, the lookups every command makes first:
// which group a chat is, and who its sender is. It holds copies of
// committed-or-current rows. Any write that could change them clears what
// it touches, and any rollback clears everything, so the cache never
// answers with a row the database does not have. It assumes this process
// is the database's only writer, as the single writer connection already
// does.
type cache struct {
	groups  map[bot.ChatRef]Group
	members map[memberKey]Member
	nextNo  map[int64]int64 // group -> its next entry number
	// open maps a group to its open meeting, or to nil when it has none.
	open map[int64]*Meeting
}

type memberKey struct {
	group int64
	ref   bot.UserRef
}

// cacheLimit bounds memory: past it the cache starts again.
const cacheLimit = 100_000

func newCache() *cache {
	return &cache{groups: map[bot.ChatRef]Group{}, members: map[memberKey]Member{}, nextNo: map[int64]int64{},
		open: map[int64]*Meeting{}}
}

func (c *cache) reset() {
	clear(c.groups)
	clear(c.members)
	clear(c.nextNo)
	clear(c.open)
}

func (c *cache) group(chat bot.ChatRef) (*Group, bool) {
	g, ok := c.groups[chat]
	if !ok {
		return nil, false
	}
	return &g, true
}

func (c *cache) putGroup(g *Group) {
	if len(c.groups) >= cacheLimit {
		clear(c.groups)
	}
	c.groups[g.Chat] = *g
}

func (c *cache) member(group int64, ref bot.UserRef) (*Member, bool) {
	m, ok := c.members[memberKey{group, ref}]
	if !ok {
		return nil, false
	}
	return &m, true
}

// putMember keeps m as the member found by ref: its own reference or one
// of its aliases.
func (c *cache) putMember(ref bot.UserRef, m *Member) {
	if ref == "" {
		return
	}
	if len(c.members) >= cacheLimit {
		clear(c.members)
	}
	c.members[memberKey{m.GroupID, ref}] = *m
}
