package dev.sentrytriage.notify;

import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.notify.TelegramRestClient.Answer;
import dev.sentrytriage.notify.TelegramRestClient.AnswerCallbackQuery;
import dev.sentrytriage.notify.TelegramRestClient.EditMessageText;
import dev.sentrytriage.notify.TelegramRestClient.GetChat;
import dev.sentrytriage.notify.TelegramRestClient.LinkPreviewOptions;
import dev.sentrytriage.notify.TelegramRestClient.Message;
import dev.sentrytriage.notify.TelegramRestClient.ReplyParameters;
import dev.sentrytriage.notify.TelegramRestClient.SendMessage;

/**
 * Calls the Bot API and turns every outcome, including error answers and no answer at all, into a
 * {@link TelegramResult}. Never throws for what Telegram or the network does; never lets the bot token into a
 * message or a log line.
 */
@ApplicationScoped
public class TelegramClient {

    private final TelegramRestClient api;
    private final ObjectMapper mapper;
    private final Optional<String> token;
    /** {@code sendMessage}'s answer, whose message id is kept; the other methods' results are not read. */
    private final JavaType sent;
    private final JavaType other;

    public TelegramClient(@RestClient TelegramRestClient api, ObjectMapper mapper, TriageConfig config) {
        this.api = api;
        this.mapper = mapper;
        this.token = config.telegram().botToken().map(String::trim).filter(t -> !t.isEmpty());
        this.sent = mapper.getTypeFactory().constructParametricType(Answer.class, Message.class);
        this.other = mapper.getTypeFactory().constructParametricType(Answer.class, Void.class);
    }

    /** Whether a bot token is configured; without one nothing is sent and messages go to the log. */
    public boolean configured() {
        return token.isPresent();
    }

    /** Sends {@code message} to {@code chatId}; {@code html} false sends it as plain text. */
    public TelegramResult send(String chatId, Integer threadId, RenderedMessage message, boolean html) {
        return send(chatId, threadId, null, message, html, false);
    }

    /** Sends {@code message} to {@code chatId}; {@code quiet} true lets it arrive without a sound. */
    public TelegramResult send(String chatId, Integer threadId, RenderedMessage message, boolean html, boolean quiet) {
        return send(chatId, threadId, null, message, html, quiet);
    }

    /**
     * Sends {@code message} to {@code chatId} as a reply to its message {@code replyTo} (null: not a reply; a reply
     * to a message deleted meanwhile is sent all the same); {@code quiet} true lets it arrive without a sound.
     */
    public TelegramResult send(String chatId, Integer threadId, Long replyTo, RenderedMessage message, boolean html,
            boolean quiet) {
        SendMessage request = new SendMessage(chatId, text(message, html), html ? "HTML" : null, LinkPreviewOptions.OFF,
                message.replyMarkup(), threadId, quiet ? Boolean.TRUE : null,
                replyTo == null ? null : new ReplyParameters(replyTo, true));
        return call(t -> api.sendMessage(t, request), sent);
    }

    /** Replaces the text and buttons of message {@code messageId} in {@code chatId}. */
    public TelegramResult edit(String chatId, long messageId, RenderedMessage message, boolean html) {
        EditMessageText request = new EditMessageText(chatId, text(message, html), html ? "HTML" : null,
                LinkPreviewOptions.OFF, message.replyMarkup(), messageId);
        return call(t -> api.editMessageText(t, request), other);
    }

    /** Answers a button press with a short notice shown to the user who pressed it. */
    public TelegramResult answerCallback(String callbackQueryId, String text) {
        AnswerCallbackQuery request = new AnswerCallbackQuery(callbackQueryId, HtmlText.shorten(text, 200));
        return call(t -> api.answerCallbackQuery(t, request), other);
    }

    /** Asks Telegram about {@code chatId} (whether it exists and the bot is in it); sends nothing. */
    public TelegramResult getChat(String chatId) {
        return call(t -> api.getChat(t, new GetChat(chatId)), other);
    }

    private static String text(RenderedMessage message, boolean html) {
        return html ? message.html() : message.plain();
    }

    private TelegramResult call(Function<String, String> method, JavaType answerType) {
        if (token.isEmpty()) {
            return TelegramResult.noAnswer("no bot token configured");
        }
        String answer;
        int status = 200;
        try {
            answer = method.apply(token.get());
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
            answer = errorBody(e);
        } catch (RuntimeException e) {
            // connection refused, timeout, reset: no answer from Telegram
            return TelegramResult.noAnswer(scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return read(answer, status, answerType);
    }

    private static String errorBody(WebApplicationException e) {
        try {
            return e.getResponse().readEntity(String.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private TelegramResult read(String body, int status, JavaType answerType) {
        if (body == null || body.isBlank()) {
            return new TelegramResult(false, status == 200 ? 502 : status, "empty answer (HTTP " + status + ")", null,
                    null, null);
        }
        Answer<?> answer;
        try {
            answer = mapper.readValue(body, answerType);
        } catch (Exception e) {
            answer = null;
        }
        if (answer == null) {
            return new TelegramResult(false, status == 200 ? 502 : status, "unreadable answer (HTTP " + status + ")",
                    null, null, null);
        }
        if (answer.ok()) {
            return TelegramResult.success(answer.result() instanceof Message m ? m.messageId() : null);
        }
        var params = answer.parameters();
        return new TelegramResult(false, answer.errorCode() != null ? answer.errorCode() : status == 200 ? 500 : status,
                scrub(answer.description() != null ? answer.description() : "no description"), null,
                params == null ? null : params.retryAfter(),
                params == null || params.migrateToChatId() == null ? null : String.valueOf(params.migrateToChatId()));
    }

    /** Removes the token from text that may quote the request URL. */
    private String scrub(String text) {
        if (text == null || token.isEmpty()) {
            return text;
        }
        return text.replace(token.get(), "<bot-token>");
    }
}
