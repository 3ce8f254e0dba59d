"""Personal-token authentication for the JSON API: `Authorization: Bearer <token>`."""

from ninja.security import HttpBearer

from apoia.accounts.services import authenticate_token


class TokenAuth(HttpBearer):
    """Resolves a personal API token to its user; an unknown or revoked token answers 401."""

    def authenticate(self, request, token: str):
        user = authenticate_token(token.strip())
        if user is None:
            return None
        # Endpoints reuse the web's scoping functions, which read request.user.
        request.user = user
        return user
