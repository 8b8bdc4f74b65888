package dev.sentrytriage.notify;

/**
 * What the Bot API answered, reduced to what the sender decides on. {@code errorCode} 0 with {@code ok} false means
 * no answer at all (timeout, connection refused).
 */
public record TelegramResult(boolean ok, int errorCode, String description, Long messageId, Integer retryAfter,
        String migrateToChatId) {

    static TelegramResult success(Long messageId) {
        return new TelegramResult(true, 0, null, messageId, null, null);
    }

    static TelegramResult noAnswer(String reason) {
        return new TelegramResult(false, 0, reason, null, null, null);
    }

    /** 429: wait {@code retryAfter} seconds. */
    public boolean rateLimited() {
        return errorCode == 429;
    }

    /** Worth another try later: no answer, a 5xx, or an unknown failure. */
    public boolean transientFailure() {
        return !ok && (errorCode == 0 || errorCode >= 500);
    }

    /** 400 "can't parse entities": the HTML was refused, plain text will pass. */
    public boolean cannotParseEntities() {
        return errorCode == 400 && contains("can't parse entities");
    }

    /** 400 "message is not modified": an edit with nothing new, which is a success. */
    public boolean notModified() {
        return errorCode == 400 && contains("message is not modified");
    }

    /** 400 on an edit of a message that is gone or too old to edit: send a new one instead. */
    public boolean messageGone() {
        return errorCode == 400 && (contains("message to edit not found") || contains("message can't be edited"));
    }

    /**
     * The chat cannot take messages: 400 "chat not found", or 403 (the bot was kicked or blocked, or is not a member).
     */
    public boolean chatUnavailable() {
        return (errorCode == 400 && contains("chat not found")) || errorCode == 403;
    }

    /** A reason fit for {@code last_error}. */
    public String reason() {
        return errorCode == 0 ? "no answer: " + description : errorCode + " " + description;
    }

    private boolean contains(String text) {
        return description != null && description.contains(text);
    }
}
