-- Private chats with the bot. A person has one once they wrote to the bot
-- privately (e.g. /start): only then may the bot write to them there (on
-- Telegram a bot cannot start a conversation). Installment reminders go to
-- a member's private chat only when it is known here and not gone (the
-- person blocked the bot or deleted their account); else to the group.
-- Not part of the books: a row is updated as the chat comes and goes.
CREATE TABLE private_chats (
    chat_ref TEXT PRIMARY KEY,
    seen_at  TEXT NOT NULL,
    -- When the platform said the bot can no longer write there; NULL: open.
    gone_at  TEXT
);
