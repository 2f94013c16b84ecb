package org.mammoai.node.access;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.mammoai.node.common.EnumColumns;

/** The node's users: checking a password, creating users, and the first admin when there are none. */
@ApplicationScoped
public class Users {
    private static final Logger LOG = Logger.getLogger(Users.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int MIN_PASSWORD = 12;
    /** A correct password is not re-derived for this long: HTTP basic sends it with every API request. */
    private static final Duration VERIFIED_FOR = Duration.ofMinutes(5);

    /** A user as the rest of the node sees one: never the hash. */
    public record Account(String username, Role role, Instant createdAt) {}

    private final Optional<String> initialAdminPassword;
    private final Map<String, Instant> verified = new ConcurrentHashMap<>();

    public Users(@ConfigProperty(name = "mammo.access.initial-admin-password") Optional<String> initialAdminPassword) {
        this.initialAdminPassword = initialAdminPassword;
    }

    // before start-up work writes a user (see EnumColumns)
    void keepEnumColumnOpen(@Observes @Priority(1000) StartupEvent event) {
        EnumColumns.keepOpen("node_user", "role");
    }

    /** First start: with no users, an admin with the configured or a random password, printed once. */
    void createFirstAdmin(@Observes StartupEvent start) {
        boolean none = QuarkusTransaction.requiringNew().call(() -> NodeUser.count() == 0);
        if (!none) return;
        String password = initialAdminPassword.orElseGet(Users::randomPassword);
        create("admin", Role.ADMIN, password.toCharArray());
        if (initialAdminPassword.isEmpty()) {
            LOG.warnf("No users yet: created user 'admin' with password %s - sign in at /console and keep it safe;"
                    + " it is not shown again", password);
        } else {
            LOG.info("No users yet: created user 'admin' with the password in mammo.access.initial-admin-password");
        }
    }

    public Optional<Account> verify(String username, char[] password) {
        String key = cacheKey(username, password);
        Instant until = verified.get(key);
        if (until != null && until.isAfter(Instant.now())) return find(username);
        Optional<NodeUser> user = QuarkusTransaction.requiringNew().call(() -> NodeUser.<NodeUser>find("username", username).firstResultOptional());
        if (user.isEmpty() || !PasswordHash.matches(password, user.get().passwordHash)) return Optional.empty();
        verified.put(key, Instant.now().plus(VERIFIED_FOR));
        return user.map(Users::account);
    }

    public Optional<Account> find(String username) {
        return QuarkusTransaction.requiringNew().call(() -> NodeUser.<NodeUser>find("username", username).firstResultOptional().map(Users::account));
    }

    public List<Account> list() {
        return QuarkusTransaction.requiringNew().call(() -> NodeUser.<NodeUser>list("order by username").stream().map(Users::account).toList());
    }

    /** @throws IllegalArgumentException with the reason a person can fix: a bad name, a short password, a taken name */
    public Account create(String username, Role role, char[] password) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new IllegalArgumentException("user name: 1-64 letters, digits, '.', '_' or '-'");
        }
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("password: at least " + MIN_PASSWORD + " characters");
        }
        if (role == null) throw new IllegalArgumentException("role: viewer or admin");
        String hash = PasswordHash.of(password);
        return QuarkusTransaction.requiringNew().call(() -> {
            if (NodeUser.count("username", username) > 0) throw new IllegalArgumentException("user " + username + " exists");
            NodeUser u = new NodeUser();
            u.username = username;
            u.passwordHash = hash;
            u.role = role;
            u.createdAt = Instant.now();
            u.persist();
            return account(u);
        });
    }

    private static Account account(NodeUser u) {
        return new Account(u.username, u.role, u.createdAt);
    }

    private static String randomPassword() {
        byte[] b = new byte[15];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A digest of name and password, so the cache holds no password. */
    private static String cacheKey(String username, char[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(new String(password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
