// Package bot holds Kelompok's vocabulary: the types every other package
// shares (chats, users, money, roles, updates, replies) and no I/O.
package bot

import (
	"errors"
	"fmt"
)

// Error is a failure the user caused or can fix. Key names a locale message
// (e.g. "money.negative"); Args fills its named placeholders. Handlers return
// it and the router renders it in the group's language. Anything that is not
// an *Error is logged and shown to the user as a short generic line.
type Error struct {
	Key  string
	Args map[string]any
}

// E builds an *Error from a locale key and alternating name/value pairs:
// E("money.too_large", "Max", m).
func E(key string, kv ...any) *Error {
	e := &Error{Key: key}
	if len(kv) > 0 {
		e.Args = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			name, _ := kv[i].(string)
			e.Args[name] = kv[i+1]
		}
	}
	return e
}

func (e *Error) Error() string { return fmt.Sprintf("user error %s %v", e.Key, e.Args) }

// AsError reports whether err is (or wraps) a user-facing *Error.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}
