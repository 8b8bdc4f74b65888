package dev.sentrytriage.notify;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The few Bot API methods the service uses. Answers are read as raw JSON because Telegram's error answers (4xx, 5xx)
 * carry what the sender needs ({@code retry_after}, {@code migrate_to_chat_id}); the token is a path segment and must
 * never be logged.
 */
@RegisterRestClient(configKey = "telegram")
@Path("/bot{token}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface TelegramRestClient {

    @POST
    @Path("/sendMessage")
    String sendMessage(@PathParam("token") String token, Map<String, Object> request);

    @POST
    @Path("/editMessageText")
    String editMessageText(@PathParam("token") String token, Map<String, Object> request);

    @POST
    @Path("/getChat")
    String getChat(@PathParam("token") String token, Map<String, Object> request);

    @POST
    @Path("/answerCallbackQuery")
    String answerCallbackQuery(@PathParam("token") String token, Map<String, Object> request);
}
