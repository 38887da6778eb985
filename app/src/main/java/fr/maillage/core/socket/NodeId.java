package fr.maillage.core.socket;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.UUID;

/** This node's name in logs, hello frames and bus messages. */
@Singleton
public class NodeId {
    private final String value;

    public NodeId(@Value("${maillage.node-id:}") String configured) {
        String id = configured;
        if (id == null || id.isBlank()) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "node";
            }
            id = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        this.value = id;
    }

    public String value() {
        return value;
    }
}
