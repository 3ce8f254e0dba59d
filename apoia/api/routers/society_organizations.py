"""API of society_organizations."""

from ninja import Router

router = Router(tags=["sociedade civil: organizações"])
