package org.mammoai.node.testing;

import java.util.List;
import java.util.Set;
import org.mammoai.node.config.ApplicationEntity;
import org.mammoai.node.config.Connection;
import org.mammoai.node.config.Destination;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.Limits;
import org.mammoai.node.config.ResultType;
import org.mammoai.node.config.TlsMaterial;

/** Small configurations for tests that build the node's parts by hand. */
public final class Devices {
    private Devices() {}

    /** This node as AE MAMMO_TEST on 127.0.0.1:11199, accepting STORESCU, with no destinations. */
    public static Device node() {
        return node(null);
    }

    public static Device node(TlsMaterial tls) {
        return new Device(new ApplicationEntity("MAMMO_TEST", new Connection("127.0.0.1", 11199, false), null, Set.of("STORESCU"),
                new Limits(4, 30, 65536, 1L << 26)), tls, List.of());
    }

    public static Destination destination(String aeTitle, int port, boolean tls) {
        return new Destination(aeTitle.toLowerCase(), aeTitle, new Connection("127.0.0.1", port, tls), List.of(ResultType.values()));
    }
}
