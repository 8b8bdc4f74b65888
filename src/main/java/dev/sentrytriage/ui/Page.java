package dev.sentrytriage.ui;

/** What every board page needs besides its content: its title, who is signed in and the session's CSRF token. */
public record Page(String title, String who, String csrf) {
}
