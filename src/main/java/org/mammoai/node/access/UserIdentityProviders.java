package org.mammoai.node.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Quarkus security's hooks onto {@link Users}: a password (HTTP basic, the login form) and a signed-in session
 * (the form's cookie names the user, whose current role is looked up).
 */
final class UserIdentityProviders {
    private UserIdentityProviders() {}

    static SecurityIdentity identity(Users.Account account) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(account.username()))
                .addRoles(account.role().grants()).build();
    }

    @ApplicationScoped
    static class Password implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
        private final Users users;

        Password(Users users) {
            this.users = users;
        }

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> users.verify(request.getUsername(), request.getPassword().getPassword())
                    .map(UserIdentityProviders::identity).orElseThrow(AuthenticationFailedException::new));
        }
    }

    @ApplicationScoped
    static class Session implements IdentityProvider<TrustedAuthenticationRequest> {
        private final Users users;

        Session(Users users) {
            this.users = users;
        }

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> users.find(request.getPrincipal())
                    .map(UserIdentityProviders::identity).orElseThrow(AuthenticationFailedException::new));
        }
    }
}
