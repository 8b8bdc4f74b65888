package dev.sentrytriage.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's header ({@code /q/openapi}, Swagger UI at {@code /q/swagger-ui}); adds no resources. */
@OpenAPIDefinition(
        info = @Info(title = "sentry-triage", version = "1",
                description = "Sentry webhook intake and the operator API over incidents and deliveries."),
        tags = {
                @Tag(name = "incidents", description = "One incident per Sentry issue; actions as on the Telegram buttons"),
                @Tag(name = "silences", description = "Silences and maintenance windows: matching messages are held"),
                @Tag(name = "deliveries", description = "Webhook deliveries as received, for inspection"),
                @Tag(name = "webhooks", description = "Targets for Sentry and Telegram") })
@SecurityScheme(securitySchemeName = OpenApiDefinition.API_TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The value of TRIAGE_API_TOKEN")
public class OpenApiDefinition extends Application {

    /** The name of the bearer scheme that guards {@code /api}. */
    public static final String API_TOKEN = "api-token";
}
