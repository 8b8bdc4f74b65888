package dev.sentrytriage.api;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sentrytriage.notify.TelegramCheck;

/** {@code POST /api/telegram/test}: a short message to every configured chat, and what Telegram answered for each. */
@Path("/api/telegram/test")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "telegram")
@SecurityRequirement(name = OpenApiDefinition.API_TOKEN)
public class TelegramTestResource {

    static final String EXAMPLE = """
            {"chats":[{"chatId":"-1001234567890","role":"default","ok":true,"errorCode":null,"description":null},
             {"chatId":"-1009876543210","role":"route 0 (project payments)","ok":false,"errorCode":400,
              "description":"Bad Request: chat not found"}]}""";

    private final TelegramCheck check;

    public TelegramTestResource(TelegramCheck check) {
        this.check = check;
    }

    /** The answer: one report per configured chat. */
    public record TestReport(List<TelegramCheck.ChatReport> chats) {
    }

    @Operation(summary = "Send a test message to every configured chat (default and routes) and report per chat")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one good, one bad chat", value = EXAMPLE)))
    @APIResponse(responseCode = "409", description = "No bot token configured", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "no token",
                    value = "{\"error\":\"no Telegram bot token configured (TRIAGE_TELEGRAM_BOT_TOKEN)\"}")))
    @POST
    public Response test() {
        if (!check.configured()) {
            return Response.status(409)
                    .entity(new ApiError("no Telegram bot token configured (TRIAGE_TELEGRAM_BOT_TOKEN)")).build();
        }
        return Response.ok(new TestReport(check.sendTest())).build();
    }
}
