package org.mammoai.node.config;

import java.util.List;

/** An AE we send results to: its name in the configuration, its title, how to reach it, the result types it wants. */
public record Destination(String name, String aeTitle, Connection connection, List<ResultType> results) {

    public boolean wants(ResultType type) {
        return results.contains(type);
    }
}
