package dev.sentrytriage.notify;

import java.util.List;

import dev.sentrytriage.notify.TelegramRestClient.Button;
import dev.sentrytriage.notify.TelegramRestClient.InlineKeyboard;

/**
 * One message ready for the Bot API: its HTML, the same text without markup (the fallback when Telegram cannot parse
 * the HTML, and what goes to the log without a bot token) and its inline keyboard, row by row.
 */
public record RenderedMessage(String html, String plain, List<List<Button>> keyboard) {

    /** The {@code reply_markup} for the Bot API, or null without buttons. */
    InlineKeyboard replyMarkup() {
        return keyboard.isEmpty() ? null : new InlineKeyboard(keyboard);
    }
}
