package dev.sentrytriage.notify;

import java.util.List;
import java.util.Map;

/**
 * One message ready for the Bot API: its HTML, the same text without markup (the fallback when Telegram cannot parse
 * the HTML, and what goes to the log without a bot token) and its inline keyboard.
 */
public record RenderedMessage(String html, String plain, List<List<Map<String, String>>> keyboard) {

    /** The {@code reply_markup} object for the Bot API, or null without buttons. */
    public Map<String, Object> replyMarkup() {
        return keyboard.isEmpty() ? null : Map.of("inline_keyboard", keyboard);
    }
}
