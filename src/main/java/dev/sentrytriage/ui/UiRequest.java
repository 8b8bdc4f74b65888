package dev.sentrytriage.ui;

import jakarta.enterprise.context.RequestScoped;

/** The verified session of the board request being served, set by {@link UiGuard}. */
@RequestScoped
public class UiRequest {

    private UiSessions.Session session;

    void session(UiSessions.Session session) {
        this.session = session;
    }

    /** The session; {@link UiGuard} lets no board page run without one. */
    public UiSessions.Session session() {
        return session;
    }
}
