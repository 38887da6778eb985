package fr.maillage.mail;

/** Handles one raw message read from the inbound mailbox; must be safe to call twice for one message. */
public interface InboundMailHandler {
    void handle(byte[] raw);
}
