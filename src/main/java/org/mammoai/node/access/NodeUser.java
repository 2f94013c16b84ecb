package org.mammoai.node.access;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A console/API user: a name, a salted PBKDF2 hash of the password (never the password), a role. */
@Entity
@Table(name = "node_user")
public class NodeUser extends PanacheEntity {
    @Column(nullable = false, unique = true, length = 64)
    public String username;
    @Column(name = "password_hash", nullable = false, length = 200)
    public String passwordHash;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR) // text, not a database ENUM of today's values: see EnumColumns
    @Column(nullable = false, length = 16)
    public Role role;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
